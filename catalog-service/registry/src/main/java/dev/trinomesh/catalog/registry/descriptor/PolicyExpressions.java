package dev.trinomesh.catalog.registry.descriptor;

import dev.trinomesh.api.policy.ExpressionTemplate;
import dev.trinomesh.api.policy.ExpressionTemplate.Attribute;
import dev.trinomesh.api.policy.ExpressionTemplate.Groups;
import dev.trinomesh.api.policy.ExpressionTemplate.MaskedColumn;
import dev.trinomesh.api.policy.ExpressionTemplate.User;
import dev.trinomesh.api.policy.SqlLiterals;
import io.trino.sql.parser.ParsingException;
import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.DefaultTraversalVisitor;
import io.trino.sql.tree.ExistsPredicate;
import io.trino.sql.tree.Identifier;
import io.trino.sql.tree.LambdaArgumentDeclaration;
import io.trino.sql.tree.SubqueryExpression;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks a policy expression as Trino will see it: placeholders known, the text a valid Trino SQL
 * expression once they are bound, no subqueries, and which columns it reads.
 */
final class PolicyExpressions
{
    private static final SqlParser SQL_PARSER = new SqlParser();
    /** What a placeholder stands for while parsing; the column stand-in is recognisable among the identifiers. */
    private static final String COLUMN_STAND_IN = "\"$masked column$\"";

    private PolicyExpressions() {}

    /** The columns {@code expression} reads (lower case), or a problem, described for a person. */
    static Result check(String expression, boolean maskExpression)
    {
        ExpressionTemplate template;
        try {
            template = ExpressionTemplate.parse(expression);
        }
        catch (IllegalArgumentException e) {
            return Result.problem(e.getMessage());
        }
        if (!maskExpression && template.placeholders().stream().anyMatch(MaskedColumn.class::isInstance)) {
            return Result.problem("${column} can only be used in a column mask");
        }
        String sql = template.bind(placeholder -> switch (placeholder) {
            case User _, Attribute _ -> SqlLiterals.varchar("x");
            case Groups _ -> SqlLiterals.varcharArray(List.of("x"));
            case MaskedColumn _ -> COLUMN_STAND_IN;
        });
        io.trino.sql.tree.Expression parsed;
        try {
            parsed = SQL_PARSER.createExpression(sql);
        }
        catch (ParsingException e) {
            return Result.problem("is not a valid Trino SQL expression: %s (column %s, placeholders bound)".formatted(e.getErrorMessage(), e.getColumnNumber()));
        }
        Set<String> columns = new TreeSet<>();
        Set<String> lambdaArguments = new TreeSet<>();
        boolean[] subquery = {false};
        new DefaultTraversalVisitor<Void>()
        {
            @Override
            protected Void visitIdentifier(Identifier node, Void context)
            {
                columns.add(node.isDelimited() ? node.getValue() : node.getValue().toLowerCase(Locale.ROOT));
                return null;
            }

            @Override
            protected Void visitLambdaArgumentDeclaration(LambdaArgumentDeclaration node, Void context)
            {
                lambdaArguments.add(node.getName().getValue().toLowerCase(Locale.ROOT));
                return null;
            }

            @Override
            protected Void visitSubqueryExpression(SubqueryExpression node, Void context)
            {
                subquery[0] = true;
                return null;
            }

            @Override
            protected Void visitExists(ExistsPredicate node, Void context)
            {
                subquery[0] = true;
                return null;
            }
        }.process(parsed, null);
        if (subquery[0]) {
            return Result.problem("must not contain a subquery: a policy expression reads only the row it is applied to (put lookup data in user attributes)");
        }
        columns.removeAll(lambdaArguments);
        columns.remove("$masked column$");
        return new Result(columns, null);
    }

    record Result(Set<String> columns, String problem)
    {
        static Result problem(String problem)
        {
            return new Result(Set.of(), problem);
        }

        boolean ok()
        {
            return problem == null;
        }
    }
}
