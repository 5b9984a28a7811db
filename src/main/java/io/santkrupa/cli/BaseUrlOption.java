package io.santkrupa.cli;

import picocli.CommandLine.Option;

import java.util.regex.Pattern;

/** Where people reach this deployment, to print absolute links. */
final class BaseUrlOption {

    private static final Pattern HTTP_URL = Pattern.compile("^https?://[^\\s/?#]+(/[^\\s?#]*)?$");

    @Option(names = "--base-url", paramLabel = "URL", order = 99, defaultValue = "${env:PUBLIC_BASE_URL:-http://127.0.0.1:8080}",
            description = "The address people open Santkrupa at, for the printed links (default: $PUBLIC_BASE_URL, "
                    + "else http://127.0.0.1:8080).")
    String baseUrl;

    /** The base URL without a trailing slash; exit 2 unless it is an http(s) address. */
    String checked() {
        String url = baseUrl == null ? "" : baseUrl.strip();
        if (!HTTP_URL.matcher(url).matches()) {
            throw CommandFailure.invalid("--base-url", "Give the address as http(s)://host[:port][/path], e.g. https://clinics.example.org.");
        }
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
