package io.jenkins.plugins.optadeploy.jenkins;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A value the Pipeline program keeps as Java-serialization bytes. workflow-cps persists step executions with JBoss
 * Marshalling, whose handling of Java records is not verified, while the engine's state (request, release) is made
 * of records; Java serialization restores records through their canonical constructors.
 */
final class JavaSerialized<T extends Serializable> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] bytes;
    private transient T value;

    JavaSerialized(T value) {
        this.value = value;
        this.bytes = encode(value);
    }

    @SuppressWarnings("unchecked")
    synchronized T get() {
        if (value == null) {
            value = (T) decode(bytes);
        }
        return value;
    }

    private static byte[] encode(Serializable value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ObjectOutputStream objects = new ObjectOutputStream(out)) {
            objects.writeObject(value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the deploy state", e);
        }
        return out.toByteArray();
    }

    /** Classes resolve through this plugin's class loader: the nearest user-defined loader on the stack. */
    private static Object decode(byte[] bytes) {
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return objects.readObject();
        } catch (IOException | ClassNotFoundException e) {
            throw new IllegalStateException("cannot read the persisted deploy state: " + e.getMessage(), e);
        }
    }
}
