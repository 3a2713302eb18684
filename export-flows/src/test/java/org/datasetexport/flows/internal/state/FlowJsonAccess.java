package org.datasetexport.flows.internal.state;

import org.datasetexport.ExportSettings;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.Schedule;

/** Test access to how a flow's settings are persisted. */
public final class FlowJsonAccess {
    private FlowJsonAccess() {
    }

    private static FlowDefinition definition(ExportSettings settings) {
        return FlowDefinition.builder().flowId("f").datasetId("d").connection("c").schedule(Schedule.everyHours(1))
                .settings(settings).build();
    }

    /** @return the settings object as the state store writes it */
    public static String json(ExportSettings settings) {
        return FlowJson.parse(FlowJson.definitionToJson(definition(settings)), "definition").get("settings").toString();
    }

    /** @return the settings written and read back as a state store would */
    public static ExportSettings roundTrip(ExportSettings settings) {
        return FlowJson.definitionFromJson(FlowJson.definitionToJson(definition(settings))).settings();
    }
}
