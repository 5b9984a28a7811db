package io.santkrupa.testing;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what tests need out of a rendered page: a field's message, a field's value. */
public final class Html {

    private Html() {
    }

    /**
     * The message shown next to {@code field}, provided the field is marked invalid and points
     * at it (aria-invalid + aria-describedby); empty when the field shows no message.
     */
    public static Optional<String> fieldError(String html, String field) {
        String id = Pattern.quote(field);
        Pattern marked = Pattern.compile("<(?:input|select|textarea) id=\"" + id + "\"[^>]*aria-invalid=\"true\" "
                + "aria-describedby=\"" + id + "-error\"", Pattern.DOTALL);
        Matcher message = Pattern.compile("<small id=\"" + id + "-error\" class=\"error-message\">([^<]*)</small>")
                .matcher(html);
        if (!marked.matcher(html).find() || !message.find()) {
            return Optional.empty();
        }
        return Optional.of(unescape(message.group(1)));
    }

    /** The value of the first input named {@code name}. */
    public static Optional<String> inputValue(String html, String name) {
        Matcher m = Pattern.compile("<input[^>]*name=\"" + Pattern.quote(name) + "\"[^>]*value=\"([^\"]*)\"", Pattern.DOTALL)
                .matcher(html);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    /** The value of the option selected in the select named {@code name}. */
    public static Optional<String> selectedOption(String html, String name) {
        Matcher select = Pattern.compile("<select[^>]*name=\"" + Pattern.quote(name) + "\".*?</select>", Pattern.DOTALL)
                .matcher(html);
        if (!select.find()) {
            return Optional.empty();
        }
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\"\\s*selected").matcher(select.group());
        return option.find() ? Optional.of(unescape(option.group(1))) : Optional.empty();
    }

    /** The message about the whole form, shown above it. */
    public static Optional<String> formError(String html) {
        Matcher m = Pattern.compile("<p class=\"error-message\" role=\"alert\"[^>]*>([^<]*)</p>").matcher(html);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    public static String unescape(String text) {
        return text.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
