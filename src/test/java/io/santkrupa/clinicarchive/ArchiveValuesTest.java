package io.santkrupa.clinicarchive;

import io.santkrupa.seed.CopyTextRows;
import io.santkrupa.testing.TestDatabase;
import io.santkrupa.testing.TestDatabaseExtension;
import io.santkrupa.web.Json;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archive's values travel as PostgreSQL's text form, inside JSON strings, back through
 * COPY's text format: every type the schema has, and those it may get (arrays, enums,
 * intervals, floats), with the awkward values of each, come back equal -- under another time
 * zone and date style on the reading side. Done in a scratch schema the test rolls back.
 */
@ExtendWith(TestDatabaseExtension.class)
class ArchiveValuesTest {

    private static final List<String> COLUMNS = List.of("id", "u", "ts", "d", "j", "b", "ia", "ta", "e", "iv", "f8", "n",
            "ip", "t", "bo", "sm");

    @Test
    void every_kind_of_value_comes_back_exactly_through_the_archives_text_form(TestDatabase db) throws Exception {
        try (Connection connection = db.connectAsSuperuser()) {
            connection.setAutoCommit(false);
            try (Statement s = connection.createStatement()) {
                s.execute("CREATE SCHEMA archive_probe");
                s.execute("CREATE TYPE archive_probe.mood AS ENUM ('happy', 'so so', 'sad \"quoted\"')");
                s.execute("""
                        CREATE TABLE archive_probe.value_row (id int PRIMARY KEY, u uuid, ts timestamptz, d date, j jsonb,
                          b bytea, ia int[], ta text[], e archive_probe.mood, iv interval, f8 float8, n numeric, ip inet,
                          t text, bo boolean, sm smallint)""");
                s.execute("CREATE TABLE archive_probe.copied (LIKE archive_probe.value_row)");
                s.execute("""
                        INSERT INTO archive_probe.value_row VALUES
                          (1, '0193a6e2-7c4e-7b1a-9f00-000000000001', '2026-12-05 09:48:27.123456+05:30', '2024-02-29',
                           '{"a": [1, 2.50, "x\\ty"], "b": null, "ü": true, "n": 1e400}',
                           (SELECT string_agg(set_byte('\\x00'::bytea, 0, i), ''::bytea) FROM generate_series(0, 255) i),
                           '{1,NULL,3}', '{"a,b","c\\"d","NULL",NULL,"","back\\\\slash"}', 'so so',
                           '1 year 2 mons -3 days 04:05:06.789', '-0', '12345678901234567890.000100', '192.168.0.1/24',
                           E'tab\\there, new\\nline, cr\\r, back\\\\slash, \\\\N, मराठी 🙂', true, -32768),
                          (2, NULL, 'infinity', '-infinity', '[]', '\\x', '{}', '{{a,b},{c,d}}', 'sad "quoted"', '-00:00:01',
                           'NaN', 'NaN', '::1', '', false, 0),
                          (3, NULL, '-infinity', '0001-01-01 BC', 'null', NULL, '{{1,2},{3,4}}', NULL, NULL, '0', '1e-300',
                           '0.1', NULL, '\\N', NULL, NULL),
                          (4, NULL, '1970-01-01 00:00:00+00', 'infinity', '{"deep": {"x": [[], {}]}}', '\\xdeadbeef', NULL,
                           '{}', 'happy', '-1 days +02:03:04.000001', 'Infinity', '-0.000', NULL, '\\\\N', true, 7),
                          (5, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, '0.1', NULL, NULL, NULL, NULL, NULL)""");
            }
            DSLContext tx = DSL.using(connection, SQLDialect.POSTGRES);

            // out, as the export reads: each value as text, in its JSON line
            ClinicDump.useTextSettings(tx);
            List<Field<?>> fields = COLUMNS.stream().<Field<?>>map(c -> DSL.field(DSL.name(c)).cast(SQLDataType.CLOB)).toList();
            List<String> lines = new ArrayList<>();
            for (Record row : tx.select(fields).from(DSL.table(DSL.name("archive_probe", "value_row")))
                    .orderBy(DSL.field(DSL.name("id"))).fetch()) {
                var object = Json.MAPPER.createObjectNode();
                for (int i = 0; i < COLUMNS.size(); i++) {
                    object.put(COLUMNS.get(i), row.get(i, String.class));
                }
                lines.add(Json.MAPPER.writeValueAsString(object));
            }
            assertThat(lines).hasSize(5).allMatch(line -> !line.contains("\n"));

            // back in, as the import writes, in a session of another time zone and date order (pgjdbc insists on ISO output)
            try (Statement s = connection.createStatement()) {
                s.execute("SET LOCAL TimeZone = 'America/St_Johns'");
                s.execute("SET LOCAL DateStyle = 'ISO, DMY'");
            }
            CopyIn in = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY archive_probe.copied (" + String.join(", ", COLUMNS) + ") FROM STDIN");
            CopyTextRows rows = new CopyTextRows(COLUMNS.size(), n -> { }) {
                @Override
                protected void send(byte[] bytes, int length) {
                    try {
                        in.writeToCopy(bytes, 0, length);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }

                @Override
                protected void finish() {
                    try {
                        in.endCopy();
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            };
            for (String line : lines) {
                var object = Json.MAPPER.readTree(line);
                rows.row(COLUMNS.stream().map(c -> object.get(c).isNull() ? null : object.get(c).asText()).toArray());
            }
            rows.close();

            // equal by the types' own equality, and printed alike (which tells -0 from 0 and 0.10 from 0.1)
            try (Statement s = connection.createStatement();
                 var rs = s.executeQuery("""
                         SELECT count(*) FILTER (WHERE (o.*) IS NOT DISTINCT FROM (c.*)),
                                count(*) FILTER (WHERE o::text = c::text),
                                count(*) FILTER (WHERE o.b IS NOT DISTINCT FROM c.b AND o.ta IS NOT DISTINCT FROM c.ta
                                                   AND o.ts IS NOT DISTINCT FROM c.ts AND o.d IS NOT DISTINCT FROM c.d),
                                count(*)
                           FROM archive_probe.value_row o JOIN archive_probe.copied c USING (id)""")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).containsOnly(5L);
            }
            connection.rollback();
        }
    }
}
