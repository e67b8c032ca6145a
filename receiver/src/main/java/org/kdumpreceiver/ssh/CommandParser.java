package org.kdumpreceiver.ssh;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.kdumpreceiver.ingest.RejectReason;
import org.kdumpreceiver.ssh.RemoteCommand.Script;
import org.kdumpreceiver.ssh.RemoteCommand.Step;
import org.kdumpreceiver.ssh.ShellWords.Token;

/** Turns an exec string into a {@link Script} of known commands, or says precisely why not. */
final class CommandParser {
    private static final Pattern OCTAL = Pattern.compile("0?[0-7]{3}");
    private static final Pattern NUMBER = Pattern.compile("[0-9]+[kKMGcwb]?");

    private CommandParser() {}

    static Script parse(String line) throws CommandRefused {
        List<Token> tokens;
        try {
            tokens = ShellWords.split(line);
        } catch (ShellWords.SyntaxError e) {
            throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.SHELL_SYNTAX, e.getMessage());
        }
        if (tokens.isEmpty()) {
            throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.EMPTY,
                    "no command given (there is no shell here)");
        }
        List<Step> steps = new ArrayList<>();
        List<Token> current = new ArrayList<>();
        boolean afterSuccess = false;
        for (Token t : tokens) {
            if (t.is(";") || t.is("&&")) {
                if (current.isEmpty()) {
                    throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.SHELL_SYNTAX,
                            "syntax error near '" + t.text() + "'");
                }
                steps.add(new Step(simple(current), afterSuccess));
                current = new ArrayList<>();
                afterSuccess = t.is("&&");
            } else {
                current.add(t);
            }
        }
        if (!current.isEmpty()) {
            steps.add(new Step(simple(current), afterSuccess));
        } else if (afterSuccess) {
            throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.SHELL_SYNTAX,
                    "syntax error: '&&' at end");
        }
        long readers = steps.stream().filter(s -> s.command().readsStdin()).count();
        if (readers > 1) {
            throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.NOT_PERMITTED,
                    "only one command per line may read standard input");
        }
        return new Script(List.copyOf(steps));
    }

    private static RemoteCommand simple(List<Token> tokens) throws CommandRefused {
        List<String> words = new ArrayList<>();
        String redirect = null;
        boolean append = false;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(">") || t.is(">>")) {
                if (redirect != null || i + 1 >= tokens.size() || tokens.get(i + 1).operator()) {
                    throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.SHELL_SYNTAX,
                            "syntax error near '" + t.text() + "'");
                }
                append = t.is(">>");
                redirect = tokens.get(++i).text();
            } else {
                words.add(t.text());
            }
        }
        if (words.isEmpty()) {
            throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.SHELL_SYNTAX,
                    "redirection without a command");
        }
        String name = words.get(0);
        List<String> args = words.subList(1, words.size());
        if (redirect != null && !name.equals("echo") && !name.equals("cat")) {
            throw notPermitted(name, "output redirection is only served for echo and cat");
        }
        switch (name) {
            case "umask":
                if (args.size() != 1 || !OCTAL.matcher(args.get(0)).matches()) {
                    throw notPermitted(name, "expected 'umask NNN'");
                }
                return new RemoteCommand.Umask(Integer.parseInt(args.get(0), 8));
            case "mkdir":
                return mkdir(args);
            case "dd":
                return dd(args);
            case "cat":
                if (redirect == null || !args.isEmpty()) {
                    throw notPermitted(name, "only 'cat > FILE' (standard input into a file) is served");
                }
                return new RemoteCommand.CatInto(redirect, append);
            case "mv":
                List<String> mv = operands(args, name);
                if (mv.size() != 2) {
                    throw notPermitted(name, "expected 'mv SOURCE TARGET'");
                }
                return new RemoteCommand.Mv(mv.get(0), mv.get(1));
            case "mktemp":
                return mktemp(args);
            case "rmdir":
                List<String> rm = operands(args, name);
                if (rm.size() != 1) {
                    throw notPermitted(name, "expected 'rmdir DIR'");
                }
                return new RemoteCommand.Rmdir(rm.get(0));
            case "df":
                if (args.size() != 2 || !args.get(0).equals("--output=avail")) {
                    throw notPermitted(name, "only 'df --output=avail PATH' is served");
                }
                return new RemoteCommand.Df(args.get(1));
            case "echo":
                return new RemoteCommand.Echo(List.copyOf(args), redirect, append);
            case "exit":
                if (args.size() > 1 || (args.size() == 1 && !args.get(0).matches("[0-9]{1,3}"))) {
                    throw notPermitted(name, "expected 'exit [N]'");
                }
                return new RemoteCommand.Exit(args.isEmpty() ? 0 : Integer.parseInt(args.get(0)) & 0xff);
            case "scp":
                return scp(args);
            default:
                throw new CommandRefused(CommandRefused.NOT_FOUND, RejectReason.UNKNOWN_COMMAND,
                        name + ": command not found (this is a kdump receiver: only the commands kdump clients"
                                + " send are served)");
        }
    }

    private static RemoteCommand mkdir(List<String> args) throws CommandRefused {
        boolean parents = false;
        List<String> dirs = new ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.equals("-p")) {
                parents = true;
            } else if (options && a.startsWith("-")) {
                throw notPermitted("mkdir", "option " + a + " is not served (only -p)");
            } else {
                dirs.add(a);
            }
        }
        if (dirs.isEmpty()) {
            throw notPermitted("mkdir", "missing operand");
        }
        return new RemoteCommand.Mkdir(List.copyOf(dirs), parents);
    }

    private static RemoteCommand dd(List<String> args) throws CommandRefused {
        String target = null;
        for (String a : args) {
            if (a.startsWith("of=") && target == null && a.length() > 3) {
                target = a.substring(3);
            } else if (a.startsWith("bs=") && NUMBER.matcher(a.substring(3)).matches()) {
                continue;
            } else {
                throw notPermitted("dd", "operand '" + a + "' is not served (only of=FILE and bs=N)");
            }
        }
        if (target == null) {
            throw notPermitted("dd", "of=FILE is required (dd is served only to write standard input to a file)");
        }
        return new RemoteCommand.Dd(target);
    }

    private static RemoteCommand mktemp(List<String> args) throws CommandRefused {
        StringBuilder flags = new StringBuilder();
        String parent = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("-") && a.length() > 1 && parent == null) {
                flags.append(a, 1, a.length());
                if (a.endsWith("p") && i + 1 < args.size()) {
                    parent = args.get(++i);
                }
            } else {
                throw notPermitted("mktemp", "only 'mktemp -dqp DIR' is served");
            }
        }
        String f = flags.toString();
        if (parent == null || !f.contains("d") || !f.matches("[dqp]+")) {
            throw notPermitted("mktemp", "only 'mktemp -dqp DIR' is served");
        }
        return new RemoteCommand.Mktemp(parent);
    }

    private static RemoteCommand scp(List<String> args) throws CommandRefused {
        Boolean sink = null;
        boolean preserve = false;
        String path = null;
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                for (char c : a.substring(1).toCharArray()) {
                    switch (c) {
                        case 't' -> sink = setOnce(sink, true);
                        case 'f' -> sink = setOnce(sink, false);
                        case 'p' -> preserve = true;
                        case 'v', 'd', 'q' -> { }
                        case 'r' -> throw notPermitted("scp", "recursive copies (-r) are not served");
                        default -> throw notPermitted("scp", "option -" + c + " is not served");
                    }
                }
            } else if (path == null) {
                path = a;
            } else {
                throw new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.NOT_PERMITTED,
                        "scp: ambiguous target");
            }
        }
        if (sink == null || path == null) {
            throw notPermitted("scp", "expected 'scp -t TARGET' or 'scp -f SOURCE'");
        }
        return new RemoteCommand.Scp(sink, path, preserve);
    }

    private static Boolean setOnce(Boolean current, boolean value) throws CommandRefused {
        if (current != null) {
            throw notPermitted("scp", "-t and -f are exclusive");
        }
        return value;
    }

    private static List<String> operands(List<String> args, String name) throws CommandRefused {
        List<String> out = new ArrayList<>();
        boolean options = true;
        for (String a : args) {
            if (options && a.equals("--")) {
                options = false;
            } else if (options && a.startsWith("-") && a.length() > 1) {
                throw notPermitted(name, "option " + a + " is not served");
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private static CommandRefused notPermitted(String name, String why) {
        return new CommandRefused(CommandRefused.NOT_PERMITTED, RejectReason.NOT_PERMITTED, name + ": " + why);
    }
}
