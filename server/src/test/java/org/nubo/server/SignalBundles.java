package org.nubo.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.nubo.protocol.api.KeyUpload;
import org.signal.libsignal.protocol.IdentityKeyPair;
import org.signal.libsignal.protocol.ecc.ECKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyPair;
import org.signal.libsignal.protocol.kem.KEMKeyType;

/** Real Signal keys made with libsignal, as a device would upload them. */
final class SignalBundles {
  static final ObjectMapper JSON = new ObjectMapper();

  final IdentityKeyPair identity = IdentityKeyPair.generate();

  static String b64(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  byte[] identityKey() {
    return identity.getPublicKey().serialize();
  }

  KeyUpload.SignedPreKey signedEc(int id) {
    byte[] key = ECKeyPair.generate().getPublicKey().serialize();
    return new KeyUpload.SignedPreKey(id, b64(key), b64(sign(key)));
  }

  KeyUpload.SignedPreKey kyber(int id) {
    byte[] key = KEMKeyPair.generate(KEMKeyType.KYBER_1024).getPublicKey().serialize();
    return new KeyUpload.SignedPreKey(id, b64(key), b64(sign(key)));
  }

  byte[] sign(byte[] message) {
    return identity.getPrivateKey().calculateSignature(message);
  }

  /** An upload: signed prekey 1, last-resort Kyber 9, EC ids from 100, Kyber ids from 200. */
  KeyUpload upload(int ec, int kyber) {
    List<KeyUpload.PreKey> preKeys = new ArrayList<>();
    for (int i = 0; i < ec; i++) {
      preKeys.add(
          new KeyUpload.PreKey(100 + i, b64(ECKeyPair.generate().getPublicKey().serialize())));
    }
    List<KeyUpload.SignedPreKey> kyberKeys = new ArrayList<>();
    for (int i = 0; i < kyber; i++) {
      kyberKeys.add(kyber(200 + i));
    }
    return new KeyUpload(7, b64(identityKey()), signedEc(1), kyber(9), preKeys, kyberKeys);
  }

  static String json(Object value) throws Exception {
    return JSON.writeValueAsString(value);
  }
}
