package dev.trinomesh.catalog.registry.governance;

import dev.trinomesh.api.model.Policy;
import dev.trinomesh.api.model.PolicyRule;
import dev.trinomesh.api.model.PolicyScope;
import dev.trinomesh.catalog.registry.api.Viewer;

/**
 * Who reads a policy. A policy names products, datasets, columns, audiences and expressions, so it is read by
 * governance admins and the Trinos; a domain policy also by the domain's owners (its owner and its products' owners,
 * who may write it); anyone else reads a policy only when every rule names a product they may see. A rule that names
 * no product reaches every product of its scope, some of which the reader may not see.
 */
public final class PolicyVisibility
{
    private PolicyVisibility() {}

    public static boolean canRead(Viewer viewer, Policy policy)
    {
        if (viewer.seesEverything()) {
            return true;
        }
        if (policy.scope() == PolicyScope.DOMAIN && policy.metadata().domain() != null && viewer.ownsDomain(policy.metadata().domain())) {
            return true;
        }
        for (PolicyRule rule : policy.spec().rules()) {
            if (rule.productName().filter(viewer::canSee).isEmpty()) {
                return false;
            }
        }
        return !policy.spec().rules().isEmpty();
    }
}
