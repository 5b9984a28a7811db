package io.santkrupa.clinicarchive;

import java.util.List;

/**
 * One table of a clinic's archive, as the live catalog describes it: the clinic registry (its
 * own row, {@code id} = the clinic) or a tenant table (the rows with its {@code clinic_id}).
 *
 * @param columns     the stored columns in the table's order, generated columns left out (the database
 *                    computes them again)
 * @param fileColumn  the column whose bytes go into the archive as files (stored_file's content), or null
 * @param laterColumns the registry's references to tenant rows (its logo), written only after those rows
 */
record ArchiveTable(String name, boolean registry, List<Column> columns, String fileColumn, List<String> laterColumns) {

    record Column(String name, String type) {
    }

    /** The columns of the table's JSON lines: every column but the file column. */
    List<Column> lineColumns() {
        return columns.stream().filter(c -> !c.name().equals(fileColumn)).toList();
    }

    String path() {
        return "tables/" + name + ".jsonl";
    }

    /** The column that names the clinic: the registry's id, a tenant table's clinic_id. */
    String clinicColumn() {
        return registry ? "id" : "clinic_id";
    }
}
