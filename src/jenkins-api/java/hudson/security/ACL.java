package hudson.security;

import java.util.Collection;
import java.util.List;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** Compile-only copy of Jenkins' {@code ACL}: only the system authentication that credential listings run as. */
public abstract class ACL {
    public static final Authentication SYSTEM2 = new Authentication() {
        private static final long serialVersionUID = 1L;

        @Override
        public Collection<? extends GrantedAuthority> getAuthorities() {
            return List.of();
        }

        @Override
        public Object getCredentials() {
            return "SYSTEM";
        }

        @Override
        public Object getDetails() {
            return null;
        }

        @Override
        public Object getPrincipal() {
            return "SYSTEM";
        }

        @Override
        public boolean isAuthenticated() {
            return true;
        }

        @Override
        public void setAuthenticated(boolean authenticated) {}

        @Override
        public String getName() {
            return "SYSTEM";
        }
    };

    public ACL() {}
}
