package io.camelgateway.keys;

import org.junit.jupiter.api.BeforeEach;

class InMemoryKeyStoreTest extends KeyStoreContract {

    private KeyStore store;

    @BeforeEach
    void fresh() {
        store = new InMemoryKeyStore();
    }

    @Override
    KeyStore store() {
        return store;
    }
}
