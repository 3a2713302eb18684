package org.datasetexport.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.datasetexport.ConfigurationException;
import org.datasetexport.flows.ExportFlow;
import org.datasetexport.flows.ExportRun;
import org.datasetexport.flows.ExportScheduler;
import org.datasetexport.flows.FlowDefinition;
import org.datasetexport.flows.RunStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code datasetexport flows list|pause|resume|run-now|delete}: reads and acts on the flows of a
 * YAML file through its state store, the same store a running {@code serve} uses (a pause written
 * here is honoured by the daemon at its next poll). {@code run-now} runs the flow's next window in
 * this process and waits for it.
 */
@Command(name = "flows", mixinStandardHelpOptions = true,
        description = "List the flows of a YAML file, or pause, resume, run or delete one.",
        subcommands = {FlowsCommand.ListFlows.class, FlowsCommand.Pause.class, FlowsCommand.Resume.class,
                FlowsCommand.RunNow.class, FlowsCommand.Delete.class})
final class FlowsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String describe(ExportFlow flow) {
        return flow.id() + "  " + flow.status() + "  dataset " + flow.definition().datasetId() + " -> "
                + flow.definition().connection() + "  " + flow.definition().schedule()
                + "  watermark " + flow.watermark().map(Object::toString).orElse("-")
                + "  next run " + flow.nextRunAt().map(Object::toString).orElse("-");
    }

    /** Loads the file, builds a scheduler that does not poll, and hands it over; closes both. */
    abstract static class OnFlows implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FlowsArgs args;

        /** The flow ids the file declares. */
        List<String> declared = List.of();

        @Override
        public Integer call() {
            try (FlowsFile file = args.load(); ExportScheduler scheduler = file.scheduler(args.clock(), false, null)) {
                declared = file.flows().stream().map(FlowDefinition::flowId).toList();
                return call(scheduler, spec.commandLine().getOut());
            }
        }

        abstract int call(ExportScheduler scheduler, PrintWriter out);

        static ExportFlow flow(ExportScheduler scheduler, String id) {
            return scheduler.flow(id).orElseThrow(() -> new ConfigurationException("no flow '" + id + "' (flows: "
                    + scheduler.flows().stream().map(ExportFlow::id).toList() + ")"));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Each flow's status, watermark and next run.")
    static final class ListFlows extends OnFlows {
        @Option(names = "--json", description = "As a JSON array")
        boolean json;

        @Override
        int call(ExportScheduler scheduler, PrintWriter out) {
            if (json) {
                ArrayNode list = new ObjectMapper().createArrayNode();
                for (ExportFlow f : scheduler.flows()) {
                    ObjectNode n = list.addObject();
                    n.put("flowId", f.id());
                    n.put("status", f.status().name());
                    n.put("datasetId", f.definition().datasetId());
                    n.put("connection", f.definition().connection());
                    n.put("schedule", f.definition().schedule().toString());
                    n.put("watermark", f.watermark().map(Object::toString).orElse(null));
                    n.put("nextRunAt", f.nextRunAt().map(Object::toString).orElse(null));
                }
                out.println(list);
            } else {
                scheduler.flows().forEach(f -> out.println(describe(f)));
            }
            return DatasetExportCli.OK;
        }
    }

    /** A command on one flow that changes its state and prints it. */
    abstract static class OnOneFlow extends OnFlows {
        @Parameters(paramLabel = "<flow>")
        String flowId;

        abstract void apply(ExportFlow flow);

        @Override
        int call(ExportScheduler scheduler, PrintWriter out) {
            ExportFlow flow = flow(scheduler, flowId);
            apply(flow);
            out.println(describe(flow));
            return DatasetExportCli.OK;
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause a flow: no slot runs until it is resumed.")
    static final class Pause extends OnOneFlow {
        @Override
        void apply(ExportFlow flow) {
            flow.pause();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused flow (slots missed while paused are skipped; the next window starts at the watermark).")
    static final class Resume extends OnOneFlow {
        @Override
        void apply(ExportFlow flow) {
            flow.resume();
        }
    }

    @Command(name = "run-now", mixinStandardHelpOptions = true,
            description = "Run the flow's next window now, in this process, and wait for it (exit 1 if it fails).")
    static final class RunNow extends OnFlows {
        @Parameters(paramLabel = "<flow>")
        String flowId;

        @Override
        int call(ExportScheduler scheduler, PrintWriter out) {
            ExportRun run = flow(scheduler, flowId).runNow();
            out.println(RunsCommand.describe(run));
            return run.status() == RunStatus.SUCCEEDED ? DatasetExportCli.OK : DatasetExportCli.FAILED;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Delete a flow's definition, state and history from the store (exported files stay).")
    static final class Delete extends OnFlows {
        @Parameters(paramLabel = "<flow>")
        String flowId;

        @Override
        int call(ExportScheduler scheduler, PrintWriter out) {
            ConfigurationException.check(scheduler.deleteFlow(flowId), "no flow '%s' in the state store", flowId);
            out.println("deleted flow " + flowId + " (its exported files stay where they are)");
            if (declared.contains(flowId)) {
                out.println("note: " + flowId + " is still declared in the file; the next serve creates it again");
            }
            return DatasetExportCli.OK;
        }
    }
}
