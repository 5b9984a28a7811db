package io.santkrupa.clinicarchive;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The two statements jOOQ's DSL has no builder for, COPY and ANALYZE: keywords fixed here, every
 * name a quoted identifier rendered by jOOQ ({@link DSL#name}) from the live catalog's tables and
 * columns -- never text from the archive that the catalog did not name, never a value.
 */
final class Sql {

    private static final DSLContext RENDER = DSL.using(SQLDialect.POSTGRES,
            new Settings().withRenderQuotedNames(org.jooq.conf.RenderQuotedNames.ALWAYS));

    private Sql() {
    }

    static String copyFromStdin(String table, List<String> columns) {
        String names = columns.stream().map(c -> RENDER.render(DSL.name(c))).collect(Collectors.joining(", "));
        return String.join(" ", "COPY", RENDER.render(DSL.name(ClinicTables.SCHEMA, table)), "(" + names + ")",
                "FROM STDIN");
    }

    static String analyze(String table) {
        return String.join(" ", "ANALYZE", RENDER.render(DSL.name(ClinicTables.SCHEMA, table)));
    }
}
