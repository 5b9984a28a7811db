package io.santkrupa.visit;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where a visit stands in the day's queue, and who may move it where: the reception desk
 * cancels, marks a no-show or puts a visit back to waiting; the doctor starts and completes
 * the consultation. Every other move is refused.
 */
public enum VisitStatus {
    WAITING("waiting", "Waiting"),
    IN_CONSULTATION("in_consultation", "In consultation"),
    COMPLETED("completed", "Completed"),
    CANCELLED("cancelled", "Cancelled"),
    NO_SHOW("no_show", "No-show");

    /** Who is moving the visit: the reception desk or the visit's doctor. */
    public enum Desk {
        RECEPTION, DOCTOR
    }

    /** A move offered as a button: the status it leads to and what the button says. */
    public record Move(VisitStatus to, String label) {
    }

    private final String dbValue;
    private final String label;

    VisitStatus(String dbValue, String label) {
        this.dbValue = dbValue;
        this.label = label;
    }

    public String dbValue() {
        return dbValue;
    }

    public String label() {
        return label;
    }

    public static Optional<VisitStatus> fromDbValue(String value) {
        return Arrays.stream(values()).filter(s -> s.dbValue.equals(value)).findFirst();
    }

    /** Waiting and in consultation: the visit still holds its place in the queue. */
    public boolean active() {
        return this == WAITING || this == IN_CONSULTATION;
    }

    /**
     * The moves {@code desk} may make from this status. Only today's visits move, except that a
     * consultation still open from an earlier day can be completed.
     */
    public List<Move> moves(Desk desk, boolean today) {
        List<Move> moves = switch (desk) {
            case RECEPTION -> switch (this) {
                case WAITING -> List.of(new Move(CANCELLED, "Cancel"), new Move(NO_SHOW, "No-show"));
                case CANCELLED, NO_SHOW -> List.of(new Move(WAITING, "Back to waiting"));
                default -> List.of();
            };
            case DOCTOR -> switch (this) {
                case WAITING -> List.of(new Move(IN_CONSULTATION, "Start consultation"));
                case IN_CONSULTATION -> List.of(new Move(COMPLETED, "Complete"));
                default -> List.of();
            };
        };
        return today ? moves : moves.stream().filter(m -> m.to() == COMPLETED).toList();
    }

    public boolean allows(Desk desk, VisitStatus to, boolean today) {
        return moves(desk, today).stream().anyMatch(m -> m.to() == to);
    }
}
