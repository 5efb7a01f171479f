package kvs.cli.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import kvs.cli.ExitCode;
import kvs.cli.Main;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.reader.impl.completer.SystemCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.shell.jline3.PicocliCommands;

/**
 * {@code kvs-cli shell}: one JVM for many commands, for people who try the store by hand. A prompt
 * with line editing, history (kept in {@code $KVS_HOME/shell-history}) and Tab completion of
 * commands and options (JLine, through picocli's shell support); each line runs as the kvs-cli
 * command it spells ({@link Dispatcher}).
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = "An interactive prompt: the same commands without 'kvs-cli', in one JVM (instant answers), "
                + "with line editing, history and Tab completion. 'metadata' shows the session's causal metadata, "
                + "'use NAME' switches session, 'exit' leaves.",
        footerHeading = "%nExample session:%n",
        footer = {
            "  $ kvs-cli shell --session alice",
            "  kvs alice> put x 1",
            "  kvs alice> get x -m",
            "  kvs alice> use bob",
            "  kvs bob> metadata"})
public final class ShellCommand implements Callable<Integer> {
    @ParentCommand
    kvs.cli.command.KvsCommand root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        kvs.cli.Context context = root.context();
        PrintWriter err = spec.commandLine().getErr();
        try (Terminal terminal = TerminalBuilder.builder().name("kvs-cli").system(true).dumb(true).build()) {
            PrintWriter out = terminal.writer();
            Dispatcher dispatcher;
            try {
                dispatcher = new Dispatcher(context, root.sessionOption(), out, out);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
            }
            LineReader reader = lineReader(terminal, context.kvsHome().resolve("shell-history"));
            out.println("kvs-cli shell: commands as for kvs-cli (put, get, delete, session, view, workload), "
                    + "and use, metadata, help, exit. Tab completes.");
            out.flush();
            while (!dispatcher.exitRequested()) {
                String line;
                try {
                    line = reader.readLine("kvs " + dispatcher.session() + "> ");
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C: a fresh prompt
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                dispatcher.run(reader.getParsedLine() == null ? java.util.List.of() : reader.getParsedLine().words()
                        .stream().filter(w -> !w.isEmpty()).toList());
            }
            return ExitCode.SUCCESS;
        } catch (IOException e) {
            err.println("kvs-cli: shell: no terminal: " + e.getMessage());
            err.flush();
            return ExitCode.IO_ERROR;
        }
    }

    /**
     * Options of the command being typed, wherever the word is: picocli's completer offers them
     * only before the first positional argument ({@code get x --js} would not complete).
     */
    static org.jline.reader.Completer optionsAnywhere(CommandLine commands) {
        return (reader, line, candidates) -> {
            if (!line.word().startsWith("-")) return;
            CommandLine command = commands;
            for (String word : line.words().subList(0, line.wordIndex())) {
                CommandLine sub = command.getSubcommands().get(word);
                if (sub != null) command = sub;
            }
            for (CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                if (option.hidden()) continue;
                for (String name : option.names()) {
                    if (name.startsWith(line.word())) candidates.add(new org.jline.reader.Candidate(name));
                }
            }
        };
    }

    private LineReader lineReader(Terminal terminal, Path historyFile) throws IOException {
        CommandLine commands = Main.commandLine(root.context());
        SystemCompleter completer = new PicocliCommands(commands).compileCompleters();
        completer.compile();
        Files.createDirectories(historyFile.getParent());
        DefaultParser parser = new DefaultParser();
        parser.setEscapeChars(new char[0]); // backslashes are the value's, as in single quotes
        return LineReaderBuilder.builder()
                .appName("kvs-cli")
                .terminal(terminal)
                .parser(parser)
                .completer(new AggregateCompleter(completer, new StringsCompleter(Dispatcher.SHELL_WORDS),
                        optionsAnywhere(commands)))
                .variable(LineReader.HISTORY_FILE, historyFile)
                .variable(LineReader.HISTORY_SIZE, 1000)
                .build();
    }
}
