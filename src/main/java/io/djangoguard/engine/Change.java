package io.djangoguard.engine;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What an admission request asks to write: the object, and on UPDATE the object as it was.
 * {@code old} is null on CREATE (and on an UPDATE whose old object was not sent).
 */
public record Change(Operation operation, HasMetadata object, HasMetadata old) {

    public enum Operation {
        CREATE, UPDATE;

        /**
         * Null for DELETE and CONNECT: nothing new is written. Any other operation writes an object
         * and is judged as written anew (an unknown word must not let an object through unjudged).
         */
        public static Operation of(String operation) {
            if ("DELETE".equals(operation) || "CONNECT".equals(operation)) {
                return null;
            }
            return "UPDATE".equals(operation) ? UPDATE : CREATE;
        }
    }

    public static Change create(HasMetadata object) {
        return new Change(Operation.CREATE, object, null);
    }

    public static Change update(HasMetadata object, HasMetadata old) {
        return new Change(Operation.UPDATE, object, old);
    }
}
