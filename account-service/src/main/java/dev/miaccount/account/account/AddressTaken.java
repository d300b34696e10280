package dev.miaccount.account.account;

import org.hibernate.exception.ConstraintViolationException;

import dev.miaccount.problem.ProblemException;
import io.vertx.pgclient.PgException;

/**
 * Two requests for the same new email or phone at once both pass the "is it free?" check; the database's unique
 * index lets one commit. The other gets the same 409 as if it had come second, not a 500.
 */
public final class AddressTaken {

    private AddressTaken() {
    }

    /** @return the 409 for a unique violation of an account's address, or null when {@code failure} is another */
    public static ProblemException conflictFor(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            String constraint = null;
            if (cause instanceof PgException pg && "23505".equals(pg.getSqlState())) {
                constraint = String.valueOf(pg.getConstraint());
            } else if (cause instanceof ConstraintViolationException violation
                    && violation.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                constraint = violation.getConstraintName() != null ? violation.getConstraintName()
                        : String.valueOf(violation.getMessage());
            }
            if (constraint != null && constraint.contains("account_")) {
                String field = constraint.contains("phone") ? "phone" : "email";
                return ProblemException.conflict("this " + field + " belongs to another account");
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return null;
    }

    public static boolean is(Throwable failure) {
        return conflictFor(failure) != null;
    }
}
