package org.datasetexport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code datasetexport runs --flow <id> --config flows.yaml}: a flow's run history, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "A flow's run history, newest first.")
final class RunsCommand extends FlowsCommand.OnFlows {
    @Option(names = "--flow", required = true, paramLabel = "<flow>", description = "The flow")
    String flowId;

    @Option(names = "--limit", description = "At most this many runs (default: ${DEFAULT-VALUE})")
    int limit = 20;

    @Option(names = "--json", description = "As a JSON array")
    boolean json;

    static String describe(ExportRun r) {
        return r.runId() + "  " + r.status() + "  " + r.trigger() + "  window " + r.window() + "  "
                + r.records() + " record(s), " + r.fileCount() + " file(s), " + r.bytes() + " bytes"
                + r.manifestPath().map(m -> "  manifest " + m).orElse("")
                + r.error().map(e -> "  error: " + e).orElse("")
                + r.note().map(n -> "  note: " + n).orElse("");
    }

    @Override
    int call(ExportScheduler scheduler, PrintWriter out) {
        var runs = flow(scheduler, flowId).runs(0, limit);
        if (json) {
            ArrayNode list = new ObjectMapper().createArrayNode();
            for (ExportRun r : runs) {
                ObjectNode n = list.addObject();
                n.put("runId", r.runId());
                n.put("status", r.status().name());
                n.put("trigger", r.trigger().name());
                n.put("scheduledTime", r.scheduledTime().toString());
                n.put("startedAt", r.startedAt().toString());
                n.put("finishedAt", r.finishedAt().map(Object::toString).orElse(null));
                n.put("windowFrom", r.window().from().map(Object::toString).orElse(null));
                n.put("windowTo", r.window().to().toString());
                n.put("records", r.records());
                n.put("files", r.fileCount());
                n.put("bytes", r.bytes());
                n.put("manifestPath", r.manifestPath().orElse(null));
                n.put("error", r.error().orElse(null));
                n.put("note", r.note().orElse(null));
            }
            out.println(list);
        } else {
            runs.forEach(r -> out.println(describe(r)));
        }
        return DatasetExportCli.OK;
    }
}
