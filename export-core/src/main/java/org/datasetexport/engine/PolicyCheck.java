package org.datasetexport.engine;

import org.datasetexport.internal.policy.PolicyApplier;
import org.datasetexport.policy.PolicyDecision;
import org.datasetexport.policy.PolicyRequest;
import org.datasetexport.policy.PolicyViolationException;

/** Evaluates a plan's policy before a run: denies, or swaps in a dataset view with fields dropped or hashed. */
final class PolicyCheck {
    private PolicyCheck() {
    }

    static ExportPlan apply(ExportPlan plan) {
        return evaluate(plan).plan();
    }

    /** A plan after its policy, and the decision that made it (null without a policy). */
    record Checked(ExportPlan plan, PolicyDecision decision) {
    }

    /** @throws PolicyViolationException when the policy denies the export */
    static Checked evaluate(ExportPlan plan) {
        if (plan.policy() == null) {
            return new Checked(plan, null);
        }
        PolicyDecision decision = plan.policy().evaluate(new PolicyRequest(plan.dataset().id(), plan.dataset().labels(),
                plan.dataset().schema(), plan.destination().id(), plan.settings().purpose()));
        if (!decision.allowed()) {
            throw new PolicyViolationException(plan.dataset().id(), decision);
        }
        ExportPlan applied = decision.actions().isEmpty() ? plan
                : plan.withDataset(PolicyApplier.apply(plan.dataset(), decision.actions()));
        return new Checked(applied, decision);
    }
}
