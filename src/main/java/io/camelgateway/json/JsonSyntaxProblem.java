package io.camelgateway.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What is wrong with a request body the JSON parser refused, in plain words with line and column: never the
 * parser's class or option names, which mean nothing to a client.
 */
public final class JsonSyntaxProblem {

    private record Rule(String jacksonSays, String plainWords) {
    }

    /** Jackson's wording (a fragment of its message) → what a client should read. First match wins. */
    private static final List<Rule> RULES = List.of(
            new Rule("double-quote to start field name", "expected a field name in double quotes"),
            new Rule("comma to separate Object entries", "expected ',' or '}' after an object member"),
            new Rule("comma to separate Array entries", "expected ',' or ']' after an array element"),
            new Rule("colon to separate field name and value", "expected ':' after a field name"),
            new Rule("Unexpected close marker", "a closing bracket that does not match the open one"),
            new Rule("Illegal unquoted character", "a control character inside a string must be escaped (e.g. \\n)"),
            new Rule("Unrecognized character escape", "an invalid escape sequence inside a string"),
            new Rule("Non-standard token", "NaN and Infinity are not valid JSON numbers"),
            new Rule("Leading zeroes", "numbers must not start with 0"),
            new Rule("Invalid numeric value", "an invalid number"),
            new Rule("Trailing token", "more content after the end of the JSON value"),
            new Rule("Unexpected end-of-input", "unexpected end of input"),
            new Rule("Illegal character", "a control character outside of a string"),
            new Rule("expected a valid value", "expected a value (a string, number, object, array, true, false or null)"));

    private static final Pattern UNEXPECTED_CHAR = Pattern.compile("Unexpected character \\('(.{1,2})' \\(code (\\d+)");
    private static final Pattern CONTROL_CHAR = Pattern.compile("CTRL-CHAR, code (\\d+)");
    private static final Pattern UNRECOGNIZED_TOKEN = Pattern.compile("Unrecognized token '([^']{0,40})");

    private final boolean encoding;
    private final String message;

    private JsonSyntaxProblem(boolean encoding, String message) {
        this.encoding = encoding;
        this.message = message;
    }

    /** True when the body is not valid UTF-8 (rather than not valid JSON). */
    public boolean isEncoding() {
        return encoding;
    }

    /** The whole sentence for the client, e.g. "The request body is not valid JSON: … at line 1, column 17". */
    public String message() {
        return message;
    }

    public static JsonSyntaxProblem of(IOException failure) {
        String where = where(failure);
        String raw = failure instanceof JsonProcessingException j ? j.getOriginalMessage() : failure.getMessage();
        raw = raw == null ? "" : raw;
        if (failure instanceof CharConversionException || raw.contains("Invalid UTF-")) {
            return new JsonSyntaxProblem(true, "The request body is not valid UTF-8 (an invalid byte sequence" + where
                    + "); send JSON encoded as UTF-8.");
        }
        return new JsonSyntaxProblem(false, "The request body is not valid JSON: " + describe(failure, raw) + where);
    }

    private static String describe(IOException failure, String raw) {
        if (failure instanceof StreamConstraintsException) {
            return raw.contains("nesting depth") ? "it is nested too deeply"
                    : "a number, string or field name in it is longer than the gateway accepts";
        }
        if (failure instanceof JsonEOFException) {
            return "unexpected end of input";
        }
        String expected = null;
        for (Rule rule : RULES) {
            if (raw.contains(rule.jacksonSays)) {
                expected = rule.plainWords;
                break;
            }
        }
        Matcher control = CONTROL_CHAR.matcher(raw);
        if (control.find()) {
            String character = String.format("U+%04X", Integer.parseInt(control.group(1)));
            return raw.contains("Illegal unquoted character")
                    ? "the control character " + character + " inside a string must be escaped (e.g. \\n, \\u0007)"
                    : "the control character " + character + " outside of a string";
        }
        Matcher token = UNRECOGNIZED_TOKEN.matcher(raw);
        if (token.find()) {
            return "unexpected word '" + token.group(1) + "' (expected a string, number, object, array, true, false or null)";
        }
        Matcher character = UNEXPECTED_CHAR.matcher(raw);
        if (character.find()) {
            int code = Integer.parseInt(character.group(2));
            String shown = code < 0x20 || code == 0x7f ? String.format("U+%04X", code) : "'" + character.group(1) + "'";
            return "unexpected character " + shown + (expected == null ? "" : ": " + expected);
        }
        return expected == null ? "malformed JSON" : expected;
    }

    private static String where(IOException failure) {
        if (failure instanceof JsonProcessingException j) {
            JsonLocation location = j.getLocation();
            if (location != null && location.getLineNr() > 0) {
                return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
            }
        }
        return "";
    }
}
