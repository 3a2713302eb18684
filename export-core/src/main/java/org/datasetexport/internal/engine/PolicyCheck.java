package org.datasetexport.internal.engine;

import org.datasetexport.internal.policy.PolicyApplier;
import org.datasetexport.policy.PolicyDecision;
import org.datasetexport.policy.PolicyRequest;
import org.datasetexport.policy.PolicyViolationException;

/** Evaluates a plan's policy before a run: denies, or swaps in a dataset view with fields dropped or hashed. */
final class PolicyCheck {
    private PolicyCheck() {
    }

    static ExportPlan apply(ExportPlan plan) {
        if (plan.policy() == null) {
            return plan;
        }
        PolicyDecision decision = plan.policy().evaluate(new PolicyRequest(plan.dataset().id(), plan.dataset().labels(),
                plan.dataset().schema(), plan.destination().id(), plan.settings().purpose()));
        if (!decision.allowed()) {
            throw new PolicyViolationException(plan.dataset().id(), decision);
        }
        return decision.actions().isEmpty() ? plan : plan.withDataset(PolicyApplier.apply(plan.dataset(), decision.actions()));
    }
}
