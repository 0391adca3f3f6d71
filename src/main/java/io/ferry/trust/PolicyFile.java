package io.ferry.trust;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * PolicyFile is the access policy as a file the operator edits, read again within a second of a change
 * (like the deny list, {@link WatchedFile}). Missing, unreadable or malformed at start is an IOException;
 * later, the last good policy stays in force.
 *
 * <p>The format, one rule per line, {@code #} to the end of a line a comment:
 * <pre>
 * read    GLOB by WHO[,WHO...]     # who may fetch images whose name matches GLOB
 * publish GLOB by WHO[,WHO...]     # who may publish (import, name) images whose name matches GLOB
 * </pre>
 * GLOB is an image name pattern: {@code *} any run of characters, {@code ?} one character. WHO is
 * {@code node:ID} (that node), {@code site:SITE} (every node whose certificate names that site),
 * {@code role:node} or {@code role:operator} (every certificate with that role) or {@code *} (every node
 * with a certificate of this cluster).
 *
 * <p>Semantics: for a request, the rules of its verb whose GLOB matches the name are consulted, in file
 * order; the request is allowed if one of them names the requester, and the decision names that rule
 * ({@code policy.txt:3 "read secret-* by site:rack1"}). Otherwise it is denied
 * ({@code no rule in policy.txt lets node b read 'x'}): once a policy file exists, an image no rule
 * matches is readable by no one and a name no rule matches publishable by no one; an empty file denies
 * everything. Rules only allow, so their order never changes an answer, only which rule is named. A
 * requester without a verified certificate (a plaintext connection) is never allowed.
 */
public final class PolicyFile implements Policy {
    private final WatchedFile<PolicyRules> file;

    private PolicyFile(WatchedFile<PolicyRules> file) {
        this.file = file;
    }

    /** Reads {@code file} now and again when it changes, looking no more than once a second by {@code clock}. */
    public static PolicyFile open(Path file, Clock clock) throws IOException {
        return new PolicyFile(WatchedFile.open(file, clock, "policy", PolicyParser::parse));
    }

    /** The rules in force now. */
    public PolicyRules rules() {
        return file.current();
    }

    @Override
    public Decision mayRead(Identity who, String image) {
        return rules().mayRead(who, image);
    }

    @Override
    public Decision mayPublish(Identity who, String name) {
        return rules().mayPublish(who, name);
    }
}
