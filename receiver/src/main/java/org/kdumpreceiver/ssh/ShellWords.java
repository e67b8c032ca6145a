package org.kdumpreceiver.ssh;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an exec string the way a POSIX shell would tokenise it, for the small subset kdump clients
 * use: blanks, single and double quotes, backslash, and the operators {@code ;}, {@code &&},
 * {@code >}, {@code >>}. Nothing is expanded or run. Anything a real shell would treat specially
 * beyond that ({@code |}, {@code &}, {@code <}, {@code $}, backticks, globs, ...) outside quotes is
 * refused, so a command that would mean something different to a shell never passes as another.
 */
final class ShellWords {
    /** A word or an operator. Operators never come from quoted text. */
    record Token(String text, boolean operator) {
        static Token word(String text) {
            return new Token(text, false);
        }

        static Token op(String text) {
            return new Token(text, true);
        }

        boolean is(String op) {
            return operator && text.equals(op);
        }
    }

    static final class SyntaxError extends Exception {
        SyntaxError(String message) {
            super(message);
        }
    }

    private ShellWords() {}

    static List<Token> split(String line) throws SyntaxError {
        List<Token> tokens = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n') {
                if (inWord) {
                    tokens.add(Token.word(word.toString()));
                    word.setLength(0);
                    inWord = false;
                }
                i++;
            } else if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                if (end < 0) {
                    throw new SyntaxError("unterminated single quote");
                }
                word.append(line, i + 1, end);
                inWord = true;
                i = end + 1;
            } else if (c == '"') {
                i = doubleQuoted(line, i + 1, word);
                inWord = true;
            } else if (c == '\\') {
                if (i + 1 >= n) {
                    throw new SyntaxError("backslash at end of command");
                }
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                    inWord = true;
                }
                i += 2;
            } else if (c == ';' || c == '>' || (c == '&' && i + 1 < n && line.charAt(i + 1) == '&')) {
                if (inWord) {
                    tokens.add(Token.word(word.toString()));
                    word.setLength(0);
                    inWord = false;
                }
                if (c == '&' || (c == '>' && i + 1 < n && line.charAt(i + 1) == '>')) {
                    tokens.add(Token.op(line.substring(i, i + 2)));
                    i += 2;
                } else {
                    tokens.add(Token.op(String.valueOf(c)));
                    i++;
                }
            } else if ("|&<`$(){}*?[]#~".indexOf(c) >= 0 && !(c == '#' && inWord)
                    && !(c == '~' && inWord)) {
                throw new SyntaxError("shell syntax '" + c + "' is not supported");
            } else {
                word.append(c);
                inWord = true;
                i++;
            }
        }
        if (inWord) {
            tokens.add(Token.word(word.toString()));
        }
        return tokens;
    }

    /** Inside double quotes: backslash escapes only $ ` " \ and newline; expansions are refused. */
    private static int doubleQuoted(String line, int i, StringBuilder word) throws SyntaxError {
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                return i + 1;
            }
            if (c == '$' || c == '`') {
                throw new SyntaxError("shell expansion '" + c + "' is not supported");
            }
            if (c == '\\' && i + 1 < n && "$`\"\\\n".indexOf(line.charAt(i + 1)) >= 0) {
                if (line.charAt(i + 1) != '\n') {
                    word.append(line.charAt(i + 1));
                }
                i += 2;
                continue;
            }
            word.append(c);
            i++;
        }
        throw new SyntaxError("unterminated double quote");
    }
}
