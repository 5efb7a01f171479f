package kvs.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import kvs.checker.usage.DidYouMean;
import kvs.cli.ExitCode;
import kvs.cli.Json;
import kvs.cli.op.ClientSession;
import kvs.cli.session.OpenSession;
import kvs.cli.session.SessionFile;
import kvs.cli.session.SessionStore;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "session", mixinStandardHelpOptions = true,
        description = "Inspect and reset the sessions kept under $KVS_HOME/sessions (default ~/.kvs/sessions).",
        footerHeading = "%nExamples:%n",
        footer = {"  kvs-cli session list", "  kvs-cli session show alice", "  kvs-cli --session alice session reset"})
public final class SessionCommand implements Runnable {
    @ParentCommand
    KvsCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: list, show or reset");
    }

    @Command(name = "list", description = "List the sessions, with how many operations each has made.")
    int list() {
        PrintWriter out = spec.commandLine().getOut();
        SessionStore store = root.sessionStore();
        try {
            List<String> names = store.names();
            ArrayNode all = Json.MAPPER.createArrayNode();
            for (String name : names) {
                Optional<SessionFile> session = peekQuietly(store, name);
                if (root.json) {
                    ObjectNode entry = session.map(SessionFile::toJson).orElseGet(Json::object);
                    entry.put("name", name);
                    if (session.isEmpty()) entry.put("error", "unreadable");
                    all.add(entry);
                } else {
                    out.println(session.map(SessionCommand::summary).orElse(String.format("%-20s (unreadable)", name)));
                }
            }
            if (root.json) {
                ObjectNode o = Json.object();
                o.put("directory", store.dir().toString());
                o.set("sessions", all);
                out.println(Json.compact(o));
            } else if (names.isEmpty()) {
                out.println("no sessions yet in " + store.dir());
            }
            out.flush();
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            return error(e.getMessage(), ExitCode.IO_ERROR);
        }
    }

    @Command(name = "show", description = "Show a session: its metadata, history id, last replica. Exits 3 if it does not exist.")
    int show(@Parameters(arity = "0..1", paramLabel = "NAME", description = "Default: the --session option.") String name) {
        String sessionName = checkedName(name);
        PrintWriter out = spec.commandLine().getOut();
        SessionStore store = root.sessionStore();
        try {
            Optional<SessionFile> session = store.peek(sessionName);
            if (session.isEmpty()) return error(noSuchSession(store, sessionName), ExitCode.NOT_FOUND);
            SessionFile s = session.get();
            if (root.json) {
                ObjectNode o = s.toJson();
                o.put("history-session", ClientSession.historyIdOf(s.name(), s.historyEpoch()));
                o.put("file", store.fileOf(sessionName).toString());
                out.println(Json.compact(o));
            } else {
                out.println("session          " + s.name());
                out.println("causal-metadata  " + Json.compact(s.metadata()));
                out.println("operations       " + s.operations());
                out.println("last replica     " + s.lastReplica().orElse("-"));
                out.println("updated          " + s.updated().map(Instant::toString).orElse("-"));
                out.println("history session  " + ClientSession.historyIdOf(s.name(), s.historyEpoch()));
                out.println("file             " + store.fileOf(sessionName));
            }
            out.flush();
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            return error(e.getMessage(), ExitCode.IO_ERROR);
        }
    }

    @Command(name = "reset", description = "Forget a session's metadata: its next command starts with none. "
            + "Works on an unreadable session file too; a session that does not exist is not created (exit 3).")
    int reset(@Parameters(arity = "0..1", paramLabel = "NAME", description = "Default: the --session option.") String name) {
        String sessionName = checkedName(name);
        PrintWriter out = spec.commandLine().getOut();
        SessionStore store = root.sessionStore();
        if (!java.nio.file.Files.exists(store.fileOf(sessionName))) {
            // A mistyped name must not create a session: say so, and name the one probably meant.
            return error(noSuchSession(store, sessionName), ExitCode.NOT_FOUND);
        }
        try (OpenSession open = store.openForReset(sessionName)) {
            SessionFile next = open.state().reset(Instant.now());
            open.save(next);
            if (root.json) {
                ObjectNode o = next.toJson();
                o.put("result", "reset");
                out.println(Json.compact(o));
            } else {
                out.println("reset session " + sessionName + " (history session now "
                        + ClientSession.historyIdOf(sessionName, next.historyEpoch()) + ")");
            }
            out.flush();
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            return error(e.getMessage(), ExitCode.IO_ERROR);
        }
    }

    private String checkedName(String name) {
        String sessionName = name == null ? root.session : name;
        try {
            SessionStore.checkName(sessionName);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return sessionName;
    }

    /** "no session named 'alcie' in DIR (did you mean 'alice'?)". */
    private static String noSuchSession(SessionStore store, String name) {
        List<String> names;
        try {
            names = store.names();
        } catch (IOException e) {
            names = List.of();
        }
        String hint = DidYouMean.phrase(DidYouMean.suggest(name, names));
        return "no session named '" + name + "' in " + store.dir() + (hint.isEmpty() ? "" : " (" + hint + ")");
    }

    private static Optional<SessionFile> peekQuietly(SessionStore store, String name) {
        try {
            return store.peek(name);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static String summary(SessionFile s) {
        return String.format("%-20s %6d ops  last %-21s  %s", s.name(), s.operations(), s.lastReplica().orElse("-"),
                s.updated().map(Instant::toString).orElse("-"));
    }

    private int error(String message, int code) {
        if (root.json) {
            ObjectNode o = Json.object();
            o.put("exit", code);
            o.put("error", message);
            spec.commandLine().getOut().println(Json.compact(o));
            spec.commandLine().getOut().flush();
        } else {
            spec.commandLine().getErr().println("kvs-cli: " + message);
            spec.commandLine().getErr().flush();
        }
        return code;
    }
}
