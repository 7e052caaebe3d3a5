package io.jenkins.plugins.optadeploy.testing;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.util.ArrayList;
import java.util.List;

/** Plain Java serialization, as persisted state goes through it across a controller restart. */
public final class JavaSerialization {
    private JavaSerialization() {}

    public static byte[] bytes(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    public static Object read(byte[] bytes) throws IOException, ClassNotFoundException {
        return read(bytes, new ArrayList<>());
    }

    /** Reads, recording every class the stream itself resolves (not those inside nested byte arrays). */
    public static Object read(byte[] bytes, List<Class<?>> resolved) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                Class<?> c = super.resolveClass(desc);
                resolved.add(c);
                return c;
            }
        }) {
            return in.readObject();
        }
    }

    @SuppressWarnings("unchecked")
    public static <T> T roundTrip(T o) throws IOException, ClassNotFoundException {
        return (T) read(bytes(o));
    }
}
