package io.jenkins.plugins.optadeploy.jenkins;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.IdCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import hudson.model.Run;
import java.util.List;

/** Finds a credential for a build, as the build's own authentication sees it, and records its use. */
interface CredentialLookup {
    <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run, List<DomainRequirement> requirements);

    /**
     * The credentials plugin's run-time lookup: credential parameters and the job's authentication are honoured
     * (never ACL.SYSTEM), and the use is tracked on the build.
     */
    CredentialLookup JENKINS = new CredentialLookup() {
        @Override
        public <C extends IdCredentials> C find(String id, Class<C> type, Run<?, ?> run,
                List<DomainRequirement> requirements) {
            C found = CredentialsProvider.findCredentialById(id, type, run, requirements);
            return found == null ? null : CredentialsProvider.track(run, found);
        }
    };
}
