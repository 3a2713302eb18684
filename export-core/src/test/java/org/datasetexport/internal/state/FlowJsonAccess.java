package org.datasetexport.internal.state;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.datasetexport.ExportSettings;

/** Test access to how a flow's settings are persisted. */
public final class FlowJsonAccess {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FlowJsonAccess() {
    }

    /** @return the settings as the state store writes them */
    public static String json(ExportSettings settings) {
        return SettingsJson.toNode(settings, MAPPER).toString();
    }

    /** @return the settings written and read back as a state store would */
    public static ExportSettings roundTrip(ExportSettings settings) {
        return SettingsJson.fromNode(SettingsJson.toNode(settings, MAPPER));
    }
}
