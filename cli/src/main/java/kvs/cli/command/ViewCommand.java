package kvs.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import kvs.cli.ExitCode;
import kvs.cli.Json;
import kvs.cli.http.HttpOutcome;
import kvs.cli.http.ReplicaAddress;
import kvs.cli.http.ReplicaClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "view", mixinStandardHelpOptions = true,
        description = "The replicas' views: which replicas each one counts as members of the store.",
        footerHeading = "%nExamples:%n",
        footer = {
            "  kvs-cli view list                          # the first reachable replica's view",
            "  kvs-cli view list --all                    # every replica's own view (spot disagreement)",
            "  kvs-cli view add 127.0.0.1:8094            # tell every reachable replica",
            "  kvs-cli view remove 127.0.0.1:8093"})
public final class ViewCommand implements Runnable {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: list, add or remove");
    }

    /** One replica's answer to a view request, or why there was none. */
    private record Answer(ReplicaAddress replica, Optional<HttpOutcome.Answered> answered, String problem) {}

    @Command(name = "list", description = "Print the view (GET /view) of the first replica that answers, or of each with --all.")
    int list(@Option(names = "--all", description = "Ask every replica for its own view.") boolean all) {
        List<ReplicaAddress> replicas = root.replicaAddresses(spec.commandLine());
        try (ReplicaClient client = root.replicaClient()) {
            return list(all, replicas, client);
        }
    }

    private int list(boolean all, List<ReplicaAddress> replicas, ReplicaClient client) {
        PrintWriter out = spec.commandLine().getOut();
        ArrayNode views = Json.MAPPER.createArrayNode();
        boolean anyAnswered = false;
        boolean badResponse = false;
        for (ReplicaAddress replica : replicas) {
            Answer answer = call(client, replica, "GET", Optional.empty());
            ObjectNode entry = Json.object();
            entry.put("replica", replica.toString());
            Optional<JsonNode> view = answer.answered()
                    .filter(a -> a.status() == 200)
                    .flatMap(HttpOutcome.Answered::body)
                    .map(b -> b.get("view"))
                    .filter(JsonNode::isArray);
            if (view.isPresent()) {
                anyAnswered = true;
                entry.set("view", view.get());
                if (!root.json) printView(out, replica, view.get(), all);
            } else {
                String problem = answer.answered().isPresent()
                        ? "unexpected answer " + answer.answered().get().errorMessage() : answer.problem();
                badResponse |= answer.answered().isPresent();
                entry.put("error", problem);
                if (!root.json && all) out.println(replica + "  (" + problem + ")");
            }
            views.add(entry);
            if (view.isPresent() && !all) break;
        }
        int code = anyAnswered ? ExitCode.SUCCESS : badResponse ? ExitCode.BAD_RESPONSE : ExitCode.UNAVAILABLE;
        if (root.json) {
            ObjectNode o = Json.object();
            o.put("exit", code);
            o.set("views", views);
            out.println(Json.compact(o));
        } else if (!anyAnswered) {
            spec.commandLine().getErr().println("kvs-cli: no replica answered: " + problems(views));
        }
        flush();
        return code;
    }

    @Command(name = "add", description = "Add IP:PORT to the view of every reachable replica (PUT /view).")
    int add(@Parameters(paramLabel = "IP:PORT", description = "The replica to add.") String address) {
        ReplicaAddress member = member(address);
        return change("PUT", member, root.replicaAddresses(spec.commandLine()));
    }

    @Command(name = "remove", description = "Remove IP:PORT from the view of every reachable replica (DELETE /view). "
            + "Exits 3 if no replica had it in its view.")
    int remove(@Parameters(paramLabel = "IP:PORT", description = "The replica to remove.") String address) {
        ReplicaAddress member = member(address);
        List<ReplicaAddress> others = new ArrayList<>(root.replicaAddresses(spec.commandLine()));
        others.remove(member);
        if (others.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no replica left to tell: the only --replica given is the one to remove");
        }
        return change("DELETE", member, others);
    }

    private int change(String method, ReplicaAddress member, List<ReplicaAddress> targets) {
        try (ReplicaClient client = root.replicaClient()) {
            return change(method, member, targets, client);
        }
    }

    private int change(String method, ReplicaAddress member, List<ReplicaAddress> targets, ReplicaClient client) {
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode body = Json.object();
        body.put("socket-address", member.toString());
        ArrayNode results = Json.MAPPER.createArrayNode();
        int changed = 0;
        int notFound = 0;
        int bad = 0;
        for (ReplicaAddress replica : targets) {
            String text = Json.compact(body);
            Map<String, String> signature = root.context().variable("CLUSTER_TOKEN")
                    .map(token -> ViewSigning.headers(token, method, text)).orElse(Map.of());
            Answer answer = call(client, replica, method, Optional.of(text), signature);
            ObjectNode entry = Json.object();
            entry.put("replica", replica.toString());
            String shown;
            if (answer.answered().isEmpty()) {
                shown = "(" + answer.problem() + ")";
                entry.put("error", answer.problem());
            } else {
                HttpOutcome.Answered a = answer.answered().get();
                entry.put("status", a.status());
                Optional<String> result = a.body().map(b -> b.path("result")).filter(JsonNode::isTextual).map(JsonNode::asText);
                if ((a.status() == 200 || a.status() == 201) && result.isPresent()) {
                    changed++;
                    entry.put("result", result.get());
                    shown = result.get();
                } else if (a.status() == 404 && method.equals("DELETE")) {
                    notFound++;
                    entry.put("error", a.errorMessage());
                    shown = a.errorMessage();
                } else {
                    bad++;
                    entry.put("error", a.errorMessage());
                    shown = "unexpected answer " + a.errorMessage();
                }
            }
            results.add(entry);
            if (!root.json) out.println(replica + ": " + shown);
        }
        int code = changed > 0 ? ExitCode.SUCCESS
                : notFound > 0 ? ExitCode.NOT_FOUND
                : bad > 0 ? ExitCode.BAD_RESPONSE : ExitCode.UNAVAILABLE;
        if (root.json) {
            ObjectNode o = Json.object();
            o.put("exit", code);
            o.put("socket-address", member.toString());
            o.put("op", method.equals("PUT") ? "add" : "remove");
            o.set("replicas", results);
            out.println(Json.compact(o));
        }
        flush();
        return code;
    }

    private ReplicaAddress member(String address) {
        try {
            return ReplicaAddress.parse(address);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static Answer call(ReplicaClient client, ReplicaAddress replica, String method, Optional<String> body) {
        return call(client, replica, method, body, Map.of());
    }

    private static Answer call(ReplicaClient client, ReplicaAddress replica, String method, Optional<String> body,
            Map<String, String> headers) {
        HttpOutcome outcome = client.send(replica, method, "/view", body, headers);
        if (outcome instanceof HttpOutcome.Answered answered) return new Answer(replica, Optional.of(answered), "");
        if (outcome instanceof HttpOutcome.NotSent notSent) return new Answer(replica, Optional.empty(), notSent.reason());
        return new Answer(replica, Optional.empty(), ((HttpOutcome.NoAnswer) outcome).reason());
    }

    private static void printView(PrintWriter out, ReplicaAddress replica, JsonNode view, boolean labelled) {
        List<String> members = new ArrayList<>();
        view.forEach(m -> members.add(m.asText()));
        if (labelled) out.println(replica + "  view: " + String.join(", ", members));
        else members.forEach(out::println);
    }

    private static String problems(ArrayNode views) {
        List<String> problems = new ArrayList<>();
        views.forEach(v -> problems.add(v.path("error").asText()));
        return String.join("; ", problems);
    }

    private void flush() {
        spec.commandLine().getOut().flush();
        spec.commandLine().getErr().flush();
    }
}
