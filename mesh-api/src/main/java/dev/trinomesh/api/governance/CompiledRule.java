package dev.trinomesh.api.governance;

import dev.trinomesh.api.governance.GovernedDataset.ColumnMask;
import dev.trinomesh.api.governance.GovernedDataset.Deny;
import dev.trinomesh.api.governance.GovernedDataset.RowFilter;
import dev.trinomesh.api.model.Column;
import dev.trinomesh.api.model.Dataset;
import dev.trinomesh.api.model.PolicyRule;
import dev.trinomesh.api.policy.ExpressionTemplate;

import java.util.Optional;
import java.util.Set;

/** A policy rule prepared once (audience, parsed template) and attached to every dataset it reaches. */
record CompiledRule(PolicyRule rule, RuleSource source, Audience audience, Optional<ExpressionTemplate> expression)
{
    static CompiledRule of(PolicyRule rule, RuleSource source)
    {
        return new CompiledRule(rule, source, new Audience(Set.copyOf(rule.principals()), Set.copyOf(rule.exempt())),
                Optional.ofNullable(rule.expression()).map(ExpressionTemplate::parse));
    }

    void applyTo(Dataset dataset, GovernedDataset governed)
    {
        switch (rule.type()) {
            case ACCESS -> governed.addReaders(rule.principals());
            case DENY -> governed.addDeny(new Deny(source, audience));
            case ROW_FILTER -> governed.addRowFilter(new RowFilter(source, expression.orElseThrow(), audience));
            case COLUMN_MASK -> {
                ColumnMask mask = new ColumnMask(source, Optional.ofNullable(rule.mask()), expression, audience);
                for (Column column : dataset.columns()) {
                    boolean byName = rule.columns().contains(column.name());
                    boolean byClassification = column.classification().stream().anyMatch(rule.classification()::contains);
                    if (byName || byClassification) {
                        governed.addMask(column.name(), mask);
                    }
                }
            }
        }
    }
}
