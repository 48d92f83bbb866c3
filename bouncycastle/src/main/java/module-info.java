/**
 * An optional {@link dev.verity.jwt.spi.SignatureEngine} for Verity JWT on Bouncy Castle's curve
 * arithmetic: {@link dev.verity.jwt.bouncycastle.BouncyCastleEngine}.
 */
module dev.verity.jwt.bouncycastle {
  requires transitive dev.verity.jwt;
  requires org.bouncycastle.provider;

  exports dev.verity.jwt.bouncycastle;
}
