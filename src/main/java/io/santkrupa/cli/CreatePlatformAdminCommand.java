package io.santkrupa.cli;

import io.santkrupa.platform.PlatformAdmins;
import io.santkrupa.web.Form;
import io.santkrupa.web.auth.PasswordHasher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Creates a platform administrator (super admin) -- the first one is made here -- with a password
 * its operator types: never a default one, never an argument (it would show in the process list
 * and the shell's history), stored only as an Argon2id hash.
 */
@Command(name = "create-platform-admin",
        description = {"Create a platform administrator (super admin), who onboards and manages clinics in the "
                + "platform console. The password is typed twice without echo, or read as one line of standard "
                + "input with --password-stdin; it must satisfy the clinics' password policy.",
                "Example: create-platform-admin --username r.kulkarni --full-name \"Rohan Kulkarni\"",
                "         printf '%%s\\n' \"$PASSWORD\" | santkrupa create-platform-admin --username ops --full-name Ops --password-stdin"})
public final class CreatePlatformAdminCommand extends PlatformCommand {

    private static final int MAX_LINE = 4096;

    @Option(names = "--username", paramLabel = "USERNAME", required = true, description = "3 to 64 lower-case letters, digits, dots, hyphens or underscores.")
    String username;
    @Option(names = "--full-name", required = true, paramLabel = "NAME", description = "The administrator's full name.")
    String fullName;
    @Option(names = "--email", paramLabel = "EMAIL", description = "The administrator's email.")
    String email;
    @Option(names = "--password-stdin", description = "Read the password from one line of standard input instead of the terminal.")
    boolean passwordStdin;

    @Mixin
    BaseUrlOption baseUrl;

    private PlatformAdmins.NewAdmin admin;
    private String passwordHash;
    private String base;

    public CreatePlatformAdminCommand(CommandContext context) {
        super(context);
    }

    /** The created administrator, as --json prints it; the password never. */
    public record Created(UUID id, String username, String fullName, String email, String signInUrl, String next) {
    }

    @Override
    void checkInput() {
        base = baseUrl.checked();
        Map<String, String> values = new LinkedHashMap<>();
        values.put("username", username.strip());
        values.put("full_name", fullName.strip());
        values.put("email", email == null ? "" : email.strip());
        Form form = Form.of(values);
        admin = PlatformAdmins.read(form).orElseThrow(() -> CommandFailure.invalid(form,
                Map.of("username", "--username", "full_name", "--full-name", "email", "--email")));
        String passwordOption = passwordStdin ? "--password-stdin" : "password";
        char[][] typed = passwordStdin ? fromStandardInput() : fromTerminal();
        try {
            String password = new String(typed[0]);
            Form policy = Form.empty();
            PlatformAdmins.checkPassword(policy, password, typed[1] == null ? null : new String(typed[1]), admin.username());
            if (policy.hasErrors()) {
                throw CommandFailure.invalid(policy, Map.of("password", passwordOption, "password_confirm", passwordOption));
            }
            passwordHash = new PasswordHasher().hash(password);
        } finally {
            Arrays.stream(typed).filter(chars -> chars != null).forEach(chars -> Arrays.fill(chars, '\0'));
        }
    }

    @Override
    void run(PlatformServices platform, CommandOutput output) {
        UUID id;
        try {
            id = platform.admins().create(admin, passwordHash, platform.actor());
        } catch (Form.Refused taken) {
            throw CommandFailure.conflict("--username", taken.getMessage());
        }
        String signIn = base + "/platform/login";
        String next = "Sign in at " + signIn + " as " + admin.username()
                + "; at the first sign-in, enrol an authenticator app as the second factor.";
        output.result(new Created(id, admin.username(), admin.fullName(), admin.email(), signIn, next), out -> {
            out.println("Created platform administrator " + admin.username() + " (" + admin.fullName() + ").");
            out.println("Next: sign in at " + signIn + " as " + admin.username() + ";");
            out.println("at the first sign-in, enrol an authenticator app (TOTP) as the second factor.");
        });
    }

    /** The password and its confirmation, typed without echo; exit 2 when there is no terminal. */
    private char[][] fromTerminal() {
        PasswordTerminal terminal = context.terminal().orElseThrow(() -> CommandFailure.invalid("--password-stdin",
                "There is no terminal to type the password in. Pipe it as one line with --password-stdin, e.g. "
                        + "printf '%s\\n' \"$PASSWORD\" | santkrupa create-platform-admin --username ... --password-stdin"));
        char[] password = terminal.readPassword("Password for " + admin.username() + ": ");
        char[] again = password == null ? null : terminal.readPassword("The same password again: ");
        if (password == null || again == null) {
            throw CommandFailure.invalid("password", "No password was typed.");
        }
        return new char[][] {password, again};
    }

    /** The first line of standard input, as typed (only the line break removed); no confirmation. */
    private char[][] fromStandardInput() {
        StringBuilder line = new StringBuilder();
        try {
            Reader in = new InputStreamReader(context.stdin(), StandardCharsets.UTF_8);
            int c;
            while ((c = in.read()) != -1 && c != '\n') {
                if (line.length() == MAX_LINE) {
                    throw CommandFailure.invalid("--password-stdin", "The line on standard input is too long for a password.");
                }
                line.append((char) c);
            }
            if (c == -1 && line.isEmpty()) {
                throw CommandFailure.invalid("--password-stdin", "Standard input is empty: pipe the password as one line, "
                        + "e.g. printf '%s\\n' \"$PASSWORD\" | santkrupa create-platform-admin ... --password-stdin");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read standard input", e);
        }
        if (!line.isEmpty() && line.charAt(line.length() - 1) == '\r') {
            line.setLength(line.length() - 1);
        }
        char[] password = new char[line.length()];
        line.getChars(0, line.length(), password, 0);
        line.setLength(0);
        return new char[][] {password, null};
    }
}
