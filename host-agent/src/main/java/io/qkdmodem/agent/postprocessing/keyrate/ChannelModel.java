package io.qkdmodem.agent.postprocessing.keyrate;

/**
 * The standard weak-coherent-pulse BB84 link (Ma, Qi, Zhao, Lo, PRA 72, 012326, 2005): fiber loss
 * {@code alpha} dB/km, Bob's efficiency {@code etaBob}, dark-count yield {@code y0}, misalignment
 * {@code ed}, error-correction inefficiency {@code f}, sifting factor {@code q}.
 */
public record ChannelModel(
        double alphaDbPerKm, double etaBob, double y0, double ed, double f, double q) {

    /**
     * The GYS experiment (Gobby, Yuan, Shields, APL 84, 3762, 2004) as used by Lo, Ma, Chen, PRL
     * 94, 230504 (2005): 0.21 dB/km, 4.5 %, 1.7e-6, 3.3 %, f = 1.22, q = 1/2.
     */
    public static ChannelModel gys() {
        return new ChannelModel(0.21, 0.045, 1.7e-6, 0.033, 1.22, 0.5);
    }

    /** Overall transmittance {@code eta = etaBob 10^(-alpha L / 10)} at {@code km}. */
    public double transmittance(double km) {
        return etaBob * Math.pow(10, -alphaDbPerKm * km / 10);
    }

    /** Gain {@code Q_mu = Y0 + 1 - e^{-eta mu}}. */
    public double gain(double mu, double eta) {
        return y0 + 1 - Math.exp(-eta * mu);
    }

    /** QBER {@code E_mu = (Y0 / 2 + ed (1 - e^{-eta mu})) / Q_mu}. */
    public double qber(double mu, double eta) {
        return (0.5 * y0 + ed * (1 - Math.exp(-eta * mu))) / gain(mu, eta);
    }
}
