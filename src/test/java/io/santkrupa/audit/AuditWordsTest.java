package io.santkrupa.audit;

import io.santkrupa.staff.Role;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every action the code records has plain words: the test reads every {@code .record(...)} call
 * of an audit log (and {@code recordEach}, {@code recordList}, {@code recordRepeatable}) in src/main/java (the action is the argument before the outcome; a literal,
 * either literal of a {@code ? :}, or a constant) and every audit event a migration writes.
 */
class AuditWordsTest {

    private static final Pattern ACTION = Pattern.compile("[a-z_]+(\\.[a-z_]+)+");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern CONSTANT = Pattern.compile("static final String ([A-Z_]+) = \"([^\"]*)\";");
    /** An audit log's calls: one event, the same event about each of several records, a list's, a repeatable one. */
    private static final Pattern RECORD_CALL = Pattern.compile("\\.record(Each|List|Repeatable)?\\(");

    /** Actions found in the code, each with where it was found. */
    private static final Map<String, String> RECORDED = new TreeMap<>();
    /** Kinds of record (entity types) the clinic's log is given. */
    private static final Set<String> ENTITY_TYPES = new TreeSet<>();

    @BeforeAll
    static void readTheCode() throws IOException {
        Map<String, String> constants = new TreeMap<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(p -> p.toString().endsWith(".java")).toList();
        }
        for (Path source : sources) {
            Matcher c = CONSTANT.matcher(Files.readString(source));
            while (c.find()) {
                constants.put(c.group(1), c.group(2));
            }
        }
        for (Path source : sources) {
            String code = Files.readString(source);
            Matcher call = RECORD_CALL.matcher(code);
            while (call.find()) {
                List<String> args = arguments(code, call.end());
                int outcome = -1;
                for (int i = 0; i < args.size(); i++) {
                    if (args.get(i).contains("Outcome.") || args.get(i).strip().equals("outcome")) {
                        outcome = i;
                        break;
                    }
                }
                if (outcome < 1) {
                    continue; // not an audit log's record(...)
                }
                String where = source.getFileName() + ": " + args.get(outcome - 1).strip();
                for (String action : actionsIn(args.get(outcome - 1), constants)) {
                    RECORDED.put(action, where);
                }
                if (args.size() == 8) { // the clinic's log: (tx, clinic, who, action, outcome, entityType, entityId, detail)
                    Matcher type = LITERAL.matcher(args.get(outcome + 1));
                    while (type.find()) {
                        if (!type.group(1).isEmpty()) {
                            ENTITY_TYPES.add(type.group(1));
                        }
                    }
                }
            }
        }
        try (Stream<Path> files = Files.list(Path.of("db/migration"))) {
            for (Path migration : files.filter(p -> p.toString().endsWith(".sql")).toList()) {
                String sql = Files.readString(migration);
                Matcher insert = Pattern.compile("(?is)INSERT INTO santkrupa\\.audit_event\\b.*?;").matcher(sql);
                while (insert.find()) {
                    Matcher literal = Pattern.compile("'([^']*)'").matcher(insert.group());
                    while (literal.find()) {
                        if (ACTION.matcher(literal.group(1)).matches()) {
                            RECORDED.put(literal.group(1), migration.getFileName().toString());
                        }
                    }
                }
            }
        }
    }

    @Test
    void the_scan_finds_the_actions_it_should() {
        // a scan that silently finds nothing would pass everything below
        assertThat(RECORDED).containsKeys("patient.read", "auth.login", "test_order.complete", "test_order.results",
                "platform.sign_in", "clinic.provisioned", "clinic.subscription_changed", "patient.search",
                "access.denied");
        assertThat(RECORDED).hasSizeGreaterThan(45);
        assertThat(ENTITY_TYPES).contains("patient", "prescription", "app_user");
    }

    @Test
    void every_action_the_code_records_has_plain_words() {
        List<String> missing = new ArrayList<>();
        RECORDED.forEach((action, where) -> {
            if (AuditWords.action(action).isEmpty()) {
                missing.add(action + " (recorded in " + where + ")");
            }
        });
        assertThat(missing).as("actions without plain words in AuditWords").isEmpty();
    }

    @Test
    void the_words_name_no_action_the_code_does_not_record() {
        assertThat(AuditWords.actions()).extracting(AuditWords.Action::code)
                .as("words for actions nothing records (renamed or removed?)")
                .allMatch(RECORDED::containsKey);
    }

    @Test
    void every_kind_of_record_has_plain_words() {
        assertThat(ENTITY_TYPES).allSatisfy(type -> assertThat(AuditWords.knowsEntity(type)).as(type).isTrue());
    }

    @Test
    void roles_and_outcomes_have_plain_words() {
        assertThat(AuditWords.roleWords("clinic_admin")).isEqualTo("Clinic administrator");
        for (Role role : Role.values()) {
            assertThat(AuditWords.roleWords(role.dbValue())).isNotEqualTo(role.dbValue());
        }
        assertThat(AuditWords.roleWords("anonymous")).isEqualTo("Not signed in");
        assertThat(AuditWords.roleWords("platform")).isEqualTo("Santkrupa platform");
        assertThat(List.of("success", "denied", "failure")).extracting(AuditWords::outcomeWords)
                .containsExactly("Done", "Refused", "Failed");
    }

    @Test
    void a_filter_finds_actions_by_their_words_or_their_code() {
        assertThat(AuditWords.actionWords("patient.read")).isEqualTo("Opened a patient's record");
        assertThat(AuditWords.matching("Opened a patient's record")).containsExactly("patient.read");
        assertThat(AuditWords.matching("patient.read")).containsExactly("patient.read");
        assertThat(AuditWords.matching("lab report")).containsExactlyInAnyOrder("test_order.report_upload",
                "test_order.report_download");
        assertThat(AuditWords.matching("staff.")).hasSize(5);
        assertThat(AuditWords.matching("nothing like this")).isEmpty();
    }

    /** The top-level arguments of a call whose argument list starts at {@code from}. */
    private static List<String> arguments(String code, int from) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = from; i < code.length(); i++) {
            char ch = code.charAt(i);
            if (ch == '"') {
                int end = i + 1;
                while (end < code.length() && code.charAt(end) != '"') {
                    end += code.charAt(end) == '\\' ? 2 : 1;
                }
                current.append(code, i, end + 1);
                i = end;
                continue;
            }
            if (ch == '(' || ch == '{' || ch == '[') {
                depth++;
            } else if (ch == ')' || ch == '}' || ch == ']') {
                if (depth == 0) {
                    args.add(current.toString());
                    return args;
                }
                depth--;
            } else if (ch == ',' && depth == 0) {
                args.add(current.toString());
                current.setLength(0);
                continue;
            }
            current.append(ch);
        }
        return args;
    }

    /** The actions an argument names: its literals, or the value of the constant it names. */
    private static List<String> actionsIn(String argument, Map<String, String> constants) {
        List<String> actions = new ArrayList<>();
        Matcher literal = LITERAL.matcher(argument);
        while (literal.find()) {
            actions.add(literal.group(1));
        }
        if (actions.isEmpty()) {
            String name = argument.strip();
            name = name.substring(name.lastIndexOf('.') + 1);
            assertThat(constants).as("the action constant " + argument.strip()).containsKey(name);
            actions.add(constants.get(name));
        }
        actions.forEach(action -> assertThat(action).as("an action code").matches(ACTION));
        return actions;
    }
}
