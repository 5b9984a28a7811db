package io.santkrupa.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading what tests need out of a rendered page: a field's message, a field's value, a form's fields. */
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

    /**
     * Every field a browser would send from the form at {@code action} on the page: text and
     * hidden inputs, ticked checkboxes, textareas and selected options (the first when none is).
     */
    public static Map<String, String> formFields(String html, String action) {
        int start = html.indexOf("action=\"" + action + "\"");
        if (start < 0) {
            throw new AssertionError("no form posting to " + action);
        }
        String form = html.substring(start, html.indexOf("</form>", start));
        Map<String, String> fields = new LinkedHashMap<>();
        Matcher inputs = Pattern.compile("<input([^>]*)>", Pattern.DOTALL).matcher(form);
        while (inputs.find()) {
            String attributes = inputs.group(1);
            String name = attribute(attributes, "name");
            String type = attribute(attributes, "type");
            if (name == null || "file".equals(type) || ("checkbox".equals(type) && !attributes.contains(" checked"))) {
                continue;
            }
            String value = attribute(attributes, "value");
            fields.put(name, value == null ? ("checkbox".equals(type) ? "on" : "") : unescape(value));
        }
        Matcher areas = Pattern.compile("<textarea([^>]*)>([^<]*)</textarea>", Pattern.DOTALL).matcher(form);
        while (areas.find()) {
            fields.put(attribute(areas.group(1), "name"), unescape(areas.group(2)));
        }
        Matcher selects = Pattern.compile("<select([^>]*)>(.*?)</select>", Pattern.DOTALL).matcher(form);
        while (selects.find()) {
            Matcher selected = Pattern.compile("<option value=\"([^\"]*)\"\\s*selected").matcher(selects.group(2));
            Matcher first = Pattern.compile("<option value=\"([^\"]*)\"").matcher(selects.group(2));
            fields.put(attribute(selects.group(1), "name"), selected.find() ? selected.group(1)
                    : first.find() ? first.group(1) : "");
        }
        return fields;
    }

    private static String attribute(String attributes, String name) {
        Matcher m = Pattern.compile("\\s" + name + "=\"([^\"]*)\"").matcher(attributes);
        return m.find() ? m.group(1) : null;
    }

    public static String unescape(String text) {
        return text.replace("&#39;", "'").replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }
}
