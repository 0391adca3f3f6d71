package io.ferry.trust;

/** Node ids and certificate fingerprints refused at the handshake and in signed facts. */
public interface DenyList {
    boolean denies(Identity who);

    static DenyList none() {
        return who -> false;
    }
}
