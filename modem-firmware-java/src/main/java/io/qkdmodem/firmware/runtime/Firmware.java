package io.qkdmodem.firmware.runtime;

import io.qkdmodem.firmware.auth.AuthKeyPool;
import io.qkdmodem.firmware.auth.AuthPoolException;
import io.qkdmodem.firmware.auth.PoolVersionWitness;
import io.qkdmodem.firmware.config.FirmwareConfig;
import io.qkdmodem.firmware.config.KeyFiles;
import io.qkdmodem.firmware.config.PeerLinkSpec;
import io.qkdmodem.firmware.config.Role;
import io.qkdmodem.firmware.link.PeerConnector;
import io.qkdmodem.firmware.link.SerialPeerConnector;
import io.qkdmodem.firmware.link.TcpPeerConnector;
import io.qkdmodem.firmware.server.FirmwareBackend;
import io.qkdmodem.firmware.sifting.LinkMonitor;
import io.qkdmodem.hal.HalException;
import io.qkdmodem.hal.backend.BackendSelector;
import io.qkdmodem.hal.backend.HalBackendProvider;
import io.qkdmodem.hal.backend.Selection;
import io.qkdmodem.hal.config.HalConfig;
import io.qkdmodem.hal.entropy.EntropySource;
import io.qkdmodem.hal.entropy.EntropySources;
import io.qkdmodem.hal.optics.IntensityProfile;
import io.qkdmodem.hal.serial.JSerialCommLink;
import io.qkdmodem.hal.serial.SerialConfig;
import io.qkdmodem.hal.serial.SerialLink;
import io.qkdmodem.hal.status.StatusIndicator;
import io.qkdmodem.keystore.DeviceKey;
import io.qkdmodem.keystore.KeyStore;
import io.qkdmodem.keystore.KeyStoreConfig;
import io.qkdmodem.keystore.KeyStoreException;
import io.qkdmodem.keystore.flash.FileNorFlash;
import io.qkdmodem.keystore.flash.InMemoryNorFlash;
import io.qkdmodem.keystore.flash.NorFlash;
import io.qkdmodem.keystore.log.FlashKeyStore;
import io.qkdmodem.protocol.session.ModemIdentity;
import io.qkdmodem.protocol.session.ModemSession;
import io.qkdmodem.protocol.session.PairingSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running modem firmware: Alice's or Bob's acquisition engine over the hal optics, the key
 * store on flash, the authentication pool, the modem-to-modem link and (if configured) the serial
 * server for the paired host. This is the Java API the command line and the test rig use:
 *
 * <pre>{@code
 * Firmware alice = Firmware.start(aliceConfig);
 * ...
 * alice.status();        // a FirmwareStatus snapshot
 * alice.keyStore();      // the store (read-only use: the host server serves it)
 * alice.close();         // graceful: nothing acknowledged is lost
 * }</pre>
 *
 * Parts can be supplied instead of opened from the configuration ({@link #builder}): a key store,
 * an auth pool, a peer connector, the host's serial link, an entropy source, a hal backend.
 * Supplied parts are not closed by {@link #close()}; parts this class opened are.
 */
public final class Firmware implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Firmware.class);

    /** The firmware version shown in HELLO and {@code --version}. */
    public static final String VERSION =
            Objects.requireNonNullElse(
                    Firmware.class.getPackage().getImplementationVersion(), "development");

    private final FirmwareConfig config;
    private final KeyStore store;
    private final AuthKeyPool pool;
    private final LinkMonitor monitor;
    private final Engine engine;
    private final FirmwareBackend backend;
    private final HostServer host;
    private final List<AutoCloseable> owned;
    private volatile boolean closed;

    private Firmware(
            FirmwareConfig config,
            KeyStore store,
            AuthKeyPool pool,
            LinkMonitor monitor,
            Engine engine,
            FirmwareBackend backend,
            HostServer host,
            List<AutoCloseable> owned) {
        this.config = config;
        this.store = store;
        this.pool = pool;
        this.monitor = monitor;
        this.engine = engine;
        this.backend = backend;
        this.host = host;
        this.owned = owned;
    }

    /** Starts a firmware instance with every part opened from the configuration. */
    public static Firmware start(FirmwareConfig config) throws FirmwareException {
        return builder(config).start();
    }

    public static Builder builder(FirmwareConfig config) {
        return new Builder(config);
    }

    /**
     * Mounts the key store a configuration names (formatting only an image it creates; an existing
     * image that does not mount is a {@link FirmwareException}), without starting anything: for
     * inspection tools and tests. The caller closes it; never while a firmware instance runs on the
     * same image.
     */
    public static KeyStore openKeyStore(FirmwareConfig config) throws FirmwareException {
        return Builder.openStore(config);
    }

    /**
     * The board's device key bytes (the auth pool file is encrypted under them), or 32 zero bytes
     * when no device key file is configured (simulations; the key store then uses the same zero
     * key). The caller zeroizes the array.
     */
    public static byte[] deviceKeyBytes(FirmwareConfig config) throws IOException {
        if (config.deviceKeyFile() == null) {
            return new byte[DeviceKey.BYTES];
        }
        return KeyFiles.readSecret(config.deviceKeyFile(), DeviceKey.BYTES, DeviceKey.BYTES);
    }

    /**
     * As {@link #openKeyStore}, but formats an existing image that holds no key store this device
     * can mount, erasing whatever it held: only on the operator's explicit request ({@code
     * provision --format-flash}). An image that mounts is left as it is.
     */
    public static KeyStore openOrFormatKeyStore(FirmwareConfig config) throws FirmwareException {
        return Builder.openStore(config, true);
    }

    public FirmwareConfig config() {
        return config;
    }

    /** The key store (the host server serves it; tests compare stores). */
    public KeyStore keyStore() {
        return store;
    }

    public AuthKeyPool authPool() {
        return pool;
    }

    /**
     * The modem protocol backend the host server uses (also usable in-process, e.g. by the rig).
     */
    public FirmwareBackend backend() {
        return backend;
    }

    public LinkMonitor monitor() {
        return monitor;
    }

    /** A snapshot of the instance's state. */
    public FirmwareStatus status() {
        long available;
        try {
            available = store.stats().availableBits();
        } catch (KeyStoreException e) {
            available = -1;
        }
        return new FirmwareStatus(
                config.role(),
                config.deviceId(),
                closed ? FirmwareStatus.Phase.STOPPED : engine.phase,
                engine.linkUp,
                engine.blocksCommitted,
                engine.blocksDiscarded,
                engine.lastBlockId(),
                engine.framesDone,
                engine.siftedKeyBits,
                available,
                monitor.qber(),
                monitor.alarm(),
                pool.available(),
                engine.lastProblem);
    }

    /** Whether the host server is running (false without a host serial port). */
    public boolean hostServerRunning() {
        return host != null && host.running();
    }

    /** Stops gracefully: the engine finishes or abandons its frame, then everything is closed. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping");
        engine.stop(config.frameTimeout().plusSeconds(2));
        if (host != null) {
            host.close();
        }
        backend.close();
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {}: {}", owned.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        LOG.info("stopped");
    }

    /** Assembles a firmware instance; see {@link Firmware}. */
    public static final class Builder {
        private final FirmwareConfig config;
        private KeyStore store;
        private AuthKeyPool pool;
        private PeerConnector connector;
        private SerialLink hostLink;
        private EntropySource entropy;
        private HalBackendProvider backend;
        private FirmwareListener extraListener;

        private Builder(FirmwareConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        public Builder keyStore(KeyStore v) {
            store = v;
            return this;
        }

        public Builder authPool(AuthKeyPool v) {
            pool = v;
            return this;
        }

        public Builder peerConnector(PeerConnector v) {
            connector = v;
            return this;
        }

        /** The host's serial link (instead of opening {@code hostSerialPath}). */
        public Builder hostLink(SerialLink v) {
            hostLink = v;
            return this;
        }

        public Builder entropy(EntropySource v) {
            entropy = v;
            return this;
        }

        public Builder halBackend(HalBackendProvider v) {
            backend = v;
            return this;
        }

        /** Also told about blocks, alarms and link changes. */
        public Builder listener(FirmwareListener v) {
            extraListener = v;
            return this;
        }

        /**
         * Opens what was not supplied and starts the engine (and the host server).
         *
         * @throws FirmwareException with one clear line if a part cannot be opened; everything
         *     opened so far is closed again
         */
        public Firmware start() throws FirmwareException {
            List<AutoCloseable> owned = new ArrayList<>();
            try {
                return open(owned);
            } catch (FirmwareException e) {
                closeAll(owned);
                throw e;
            } catch (RuntimeException e) {
                closeAll(owned);
                throw new FirmwareException("start failed: " + e.getMessage(), e);
            }
        }

        private Firmware open(List<AutoCloseable> owned) throws FirmwareException {
            LOG.info(
                    "modem firmware {} starting as {} (device {})",
                    VERSION,
                    config.role(),
                    config.deviceId());
            HalConfig hal = config.hal();
            HalBackendProvider provider = backend;
            if (provider == null) {
                try {
                    Selection sel = BackendSelector.discover().select(null, hal);
                    provider = sel.provider();
                    LOG.info("hal backend {} ({})", provider.name(), sel.reason());
                } catch (HalException e) {
                    throw new FirmwareException("hal backend: " + e.getMessage(), e);
                }
            }
            HalConfig opticsConfig = withSifting(hal, provider, config);
            EntropySource rng = entropy;
            if (rng == null) {
                try {
                    rng = EntropySources.open(hal);
                } catch (RuntimeException | HalException e) {
                    throw new FirmwareException("entropy source: " + e.getMessage(), e);
                }
                owned.add(rng);
            }
            StatusIndicator indicator;
            try {
                indicator = provider.openStatusIndicator(hal);
            } catch (HalException e) {
                throw new FirmwareException("status indicator: " + e.getMessage(), e);
            }
            owned.add(indicator);

            KeyStore ks = store;
            if (ks == null) {
                ks = openStore(config);
                owned.add(ks);
            }
            AuthKeyPool ap = pool;
            if (ap == null) {
                ap = openPool(config, new KeyStorePoolWitness(ks));
                owned.add(ap);
            }
            PeerConnector pc = connector;
            if (pc == null) {
                pc = openConnector(config.peer());
            }
            owned.add(pc);

            StateFile stateFile = new StateFile(config.stateFile());
            long[] hint = stateFile.read();
            StoreOps ops = new StoreOps(ks);
            long lastBlock = ops.lastBlockId(hint[0]);
            LinkMonitor monitor = LinkMonitor.of(config.sifting());
            HolderListener listeners = new HolderListener();
            EntropySource entropyFinal = rng;
            HalBackendProvider providerFinal = provider;
            Engine engine =
                    config.role() == Role.ALICE
                            ? new AliceEngine(
                                    config,
                                    ops,
                                    ap,
                                    monitor,
                                    pc,
                                    listeners,
                                    indicator,
                                    stateFile,
                                    entropyFinal,
                                    () -> providerFinal.openTransmitter(opticsConfig, entropyFinal),
                                    lastBlock,
                                    hint[1])
                            : new BobEngine(
                                    config,
                                    ops,
                                    ap,
                                    monitor,
                                    pc,
                                    listeners,
                                    indicator,
                                    stateFile,
                                    () -> providerFinal.openReceiver(opticsConfig, entropyFinal),
                                    lastBlock,
                                    hint[1]);
            Firmware[] self = new Firmware[1];
            Supplier<FirmwareStatus> statusSupplier = () -> self[0].status();
            FirmwareBackend fb;
            try {
                fb =
                        FirmwareBackend.create(
                                ks,
                                ap,
                                statusSupplier,
                                config.stateFile() == null
                                        ? null
                                        : config.stateFile()
                                                .resolveSibling(
                                                        config.stateFile().getFileName()
                                                                + ".refs"));
            } catch (IOException e) {
                throw new FirmwareException("reference index: " + e.getMessage(), e);
            }
            listeners.add(fb);
            if (extraListener != null) {
                listeners.add(extraListener);
            }
            HostServer hs = null;
            if (hostLink != null || config.hostSerialPath() != null) {
                hs = startHost(config, fb, hostLink);
            }
            Firmware fw = new Firmware(config, ks, ap, monitor, engine, fb, hs, owned);
            self[0] = fw;
            LOG.info(
                    "store holds blocks up to {}; auth pool {} bytes; peer link {}",
                    lastBlock,
                    ap.available(),
                    pc.describe());
            engine.start();
            return fw;
        }

        /**
         * The simulator models the channel with Alice's intensities and Bob's basis bias: they are
         * the firmware's, unless the {@code sim.*} settings name them explicitly.
         */
        private static final String BOB_BIAS = "sim.bob-p-rectilinear";

        static HalConfig withSifting(
                HalConfig hal, HalBackendProvider provider, FirmwareConfig cfg) {
            if (!provider.simulated()) {
                return hal;
            }
            IntensityProfile p = cfg.sifting().intensities();
            String[][] values = {
                {"sim.mu", Double.toString(p.muSignal())},
                {"sim.nu", Double.toString(p.muDecoy())},
                {"sim.p-signal", Double.toString(p.pSignal())},
                {"sim.p-decoy", Double.toString(p.pDecoy())}
            };
            boolean explicit = false;
            for (String[] kv : values) {
                explicit |= hal.raw(kv[0]).isPresent();
            }
            HalConfig c = hal;
            if (!explicit) {
                for (String[] kv : values) {
                    c = c.with(kv[0], kv[1]);
                }
            }
            // Bob's simulated basis choice takes Alice's bias, so efficient BB84 sifts more than
            // half of the clicks.
            if (hal.raw(BOB_BIAS).isEmpty()) {
                c = c.with(BOB_BIAS, Double.toString(cfg.sifting().pRectilinear()));
            }
            return c;
        }

        private HostServer startHost(FirmwareConfig cfg, FirmwareBackend fb, SerialLink supplied)
                throws FirmwareException {
            byte[] secret;
            try {
                secret = KeyFiles.readSecret(cfg.pairingSecretFile(), PairingSecret.MIN_LENGTH, -1);
            } catch (IOException e) {
                throw new FirmwareException("pairing secret: " + e.getMessage(), e);
            }
            PairingSecret pairing = PairingSecret.of(secret);
            Arrays.fill(secret, (byte) 0);
            ModemIdentity identity =
                    new ModemIdentity(
                            cfg.deviceId().getBytes(StandardCharsets.UTF_8),
                            VERSION,
                            ModemIdentity.CAP_CHUNKED_FETCH
                                    | ModemIdentity.CAP_EVENTS
                                    | ModemIdentity.CAP_REPLENISH);
            HostServer.LinkOpener opener =
                    supplied != null
                            ? () -> supplied
                            : () ->
                                    JSerialCommLink.open(
                                            SerialConfig.builder(cfg.hostSerialPath())
                                                    .baud(cfg.hostBaud())
                                                    .build());
            return HostServer.start(
                    opener,
                    () -> new ModemSession(identity, pairing, fb, new SecureRandom()),
                    fb,
                    cfg.reconnectInterval(),
                    supplied != null);
        }

        /** The device key handle of {@code raw}, which is zeroized whatever happens. */
        static DeviceKey deviceKeyOf(byte[] raw) throws KeyStoreException {
            try {
                return DeviceKey.of(raw);
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }

        static KeyStore openStore(FirmwareConfig cfg) throws FirmwareException {
            return openStore(cfg, false);
        }

        /**
         * @param formatExisting format an existing image that does not mount (the explicit {@code
         *     provision --format-flash}); otherwise only a newly created image is formatted
         */
        static KeyStore openStore(FirmwareConfig cfg, boolean formatExisting)
                throws FirmwareException {
            DeviceKey key;
            try {
                key =
                        cfg.deviceKeyFile() == null
                                ? DeviceKey.of(new byte[DeviceKey.BYTES])
                                : deviceKeyOf(
                                        KeyFiles.readSecret(
                                                cfg.deviceKeyFile(),
                                                DeviceKey.BYTES,
                                                DeviceKey.BYTES));
            } catch (IOException | KeyStoreException e) {
                throw new FirmwareException("device key: " + e.getMessage(), e);
            }
            NorFlash flash;
            boolean fresh;
            try {
                if (cfg.flashImage() == null) {
                    flash = new InMemoryNorFlash(cfg.flashGeometry());
                    fresh = true;
                } else if (Files.exists(cfg.flashImage())) {
                    flash = FileNorFlash.open(cfg.flashImage());
                    fresh = false;
                } else {
                    flash = FileNorFlash.create(cfg.flashImage(), cfg.flashGeometry());
                    fresh = true;
                    LOG.info("created flash image {}", cfg.flashImage());
                }
            } catch (RuntimeException e) {
                key.destroy();
                throw new FirmwareException("flash image: " + e.getMessage(), e);
            }
            try {
                KeyStore ks;
                if (fresh) {
                    ks = FlashKeyStore.format(flash, key, KeyStoreConfig.defaults());
                } else {
                    try {
                        ks = FlashKeyStore.mount(flash, key, KeyStoreConfig.defaults());
                    } catch (KeyStoreException e) {
                        if (e.reason() != KeyStoreException.Reason.NOT_FORMATTED) {
                            throw e;
                        }
                        if (!formatExisting) {
                            // Never erase an existing image on our own: it may hold acknowledged
                            // blocks (a damaged header, the wrong file, another geometry).
                            flash.close();
                            throw new FirmwareException(
                                    "flash image "
                                            + cfg.flashImage()
                                            + " exists but holds no key store this device can"
                                            + " mount (damaged header, wrong file or other"
                                            + " geometry); refusing to format it: check"
                                            + " storage.flash-image, or erase it on purpose with"
                                            + " `provision --format-flash`");
                        }
                        LOG.warn("formatting flash image {} on request", cfg.flashImage());
                        ks = FlashKeyStore.format(flash, key, KeyStoreConfig.defaults());
                    }
                }
                return ks;
            } catch (KeyStoreException e) {
                flash.close();
                throw new FirmwareException("key store: " + e.getMessage(), e);
            } finally {
                key.destroy();
            }
        }

        static AuthKeyPool openPool(FirmwareConfig cfg, PoolVersionWitness witness)
                throws FirmwareException {
            byte[] deviceKey = null;
            try {
                if (cfg.authPoolFile() != null && Files.exists(cfg.authPoolFile())) {
                    deviceKey = deviceKeyBytes(cfg);
                    return AuthKeyPool.open(cfg.authPoolFile(), deviceKey, witness);
                }
                if (cfg.authPoolFile() != null && witness != null && witness.recorded() > 0) {
                    // A pool existed on this board (its version is in the key store): building it
                    // again from the secret would hand out its used tag keys a second time.
                    throw new AuthPoolException(
                            AuthPoolException.Reason.ROLLBACK,
                            "auth pool file "
                                    + cfg.authPoolFile()
                                    + " is missing but the key store shows a pool existed"
                                    + " (version "
                                    + witness.recorded()
                                    + "); refusing to rebuild it from the same secret. Generate"
                                    + " a NEW auth secret and provision both boards with it");
                }
                if (cfg.authSecretFile() == null) {
                    throw new FirmwareException(
                            "auth pool file "
                                    + cfg.authPoolFile()
                                    + " does not exist and no auth secret file is configured;"
                                    + " run the provision command");
                }
                byte[] secret = KeyFiles.readSecret(cfg.authSecretFile(), 32, -1);
                try {
                    if (cfg.authPoolFile() == null) {
                        return AuthKeyPool.inMemory(secret);
                    }
                    deviceKey = deviceKeyBytes(cfg);
                    return AuthKeyPool.provision(cfg.authPoolFile(), secret, deviceKey, witness);
                } finally {
                    Arrays.fill(secret, (byte) 0);
                }
            } catch (AuthPoolException | IOException e) {
                throw new FirmwareException("auth pool: " + e.getMessage(), e);
            } finally {
                if (deviceKey != null) {
                    Arrays.fill(deviceKey, (byte) 0);
                }
            }
        }

        static PeerConnector openConnector(PeerLinkSpec spec) throws FirmwareException {
            try {
                return switch (spec.kind()) {
                    case TCP_LISTEN -> TcpPeerConnector.listen(spec.host(), spec.port());
                    case TCP_CONNECT -> TcpPeerConnector.connect(spec.host(), spec.port());
                    case SERIAL ->
                            new SerialPeerConnector(
                                    () ->
                                            JSerialCommLink.open(
                                                    SerialConfig.builder(spec.serialPath())
                                                            .baud(spec.baud())
                                                            .readTimeout(Duration.ofMillis(200))
                                                            .build()),
                                    spec::serialPath);
                };
            } catch (IOException e) {
                throw new FirmwareException(
                        "peer link " + spec + ": " + e.getMessage().toLowerCase(Locale.ROOT), e);
            }
        }

        private static void closeAll(List<AutoCloseable> owned) {
            for (int i = owned.size() - 1; i >= 0; i--) {
                try {
                    owned.get(i).close();
                } catch (Exception e) {
                    // best effort while failing
                }
            }
        }
    }

    /** Forwards firmware events to several listeners. */
    private static final class HolderListener implements FirmwareListener {
        private final List<FirmwareListener> all =
                new java.util.concurrent.CopyOnWriteArrayList<>();

        void add(FirmwareListener l) {
            all.add(l);
        }

        @Override
        public void blockReady(long blockId, long availableBits) {
            all.forEach(l -> l.blockReady(blockId, availableBits));
        }

        @Override
        public void qberAlarm(double qber) {
            all.forEach(l -> l.qberAlarm(qber));
        }

        @Override
        public void blockDiscarded(long blockId, String why) {
            all.forEach(l -> l.blockDiscarded(blockId, why));
        }

        @Override
        public void linkDown() {
            all.forEach(FirmwareListener::linkDown);
        }

        @Override
        public void authPoolEmpty(long poolBytes) {
            all.forEach(l -> l.authPoolEmpty(poolBytes));
        }

        @Override
        public void storeFull(long storedBits) {
            all.forEach(l -> l.storeFull(storedBits));
        }
    }
}
