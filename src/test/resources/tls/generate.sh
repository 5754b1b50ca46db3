#!/bin/sh
# Regenerates the key and certificate fixtures of PemPairTest with OpenSSL (3.x), so that the PEM reader is tested on
# what another implementation writes. Throw-away keys of no use but these tests. Run from anywhere:
#   sh src/test/resources/tls/generate.sh
set -e
cd "$(dirname "$0")"
days=36500
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# RSA: one key as PKCS#8 and as PKCS#1 (OpenSSL's traditional form)
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-pkcs8.key
openssl rsa -in rsa-pkcs8.key -traditional -out rsa-pkcs1.key
openssl req -x509 -key rsa-pkcs8.key -out rsa.crt -days $days -subj /CN=rsa -sha256
# EC P-256: SEC1 after an EC PARAMETERS block (ecparam -genkey), SEC1 alone, PKCS#8
openssl ecparam -name prime256v1 -genkey -out ec-sec1-with-parameters.key
openssl ec -in ec-sec1-with-parameters.key -out ec-sec1.key
openssl pkcs8 -topk8 -nocrypt -in ec-sec1.key -out ec-pkcs8.key
openssl req -x509 -key ec-sec1.key -out ec.crt -days $days -subj /CN=ec -sha256
# EC P-384, SEC1
openssl ecparam -name secp384r1 -genkey -noout -out ec384-sec1.key
openssl req -x509 -key ec384-sec1.key -out ec384.crt -days $days -subj /CN=ec384 -sha384
# EdDSA and RSASSA-PSS, PKCS#8
openssl genpkey -algorithm ed25519 -out ed25519.key
openssl req -x509 -key ed25519.key -out ed25519.crt -days $days -subj /CN=ed25519
openssl genpkey -algorithm ed448 -out ed448.key
openssl req -x509 -key ed448.key -out ed448.crt -days $days -subj /CN=ed448
openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 -out rsa-pss.key
openssl req -x509 -key rsa-pss.key -out rsa-pss.crt -days $days -subj /CN=rsa-pss -sha256
# Encrypted: PKCS#8 (PBES2), and the traditional forms with Proc-Type and DEK-Info headers
openssl pkcs8 -topk8 -v2 aes-256-cbc -passout pass:django-guard -in ec-sec1.key -out encrypted-pkcs8.key
openssl rsa -in rsa-pkcs8.key -traditional -aes256 -passout pass:django-guard -out encrypted-pkcs1.key
openssl ec -in ec-sec1.key -aes256 -passout pass:django-guard -out encrypted-sec1.key
# EC with explicit curve parameters instead of the curve's name
openssl ec -in ec-sec1.key -param_enc explicit -out ec-explicit-sec1.key
openssl pkcs8 -topk8 -nocrypt -in ec-explicit-sec1.key -out ec-explicit-pkcs8.key
# DSA, traditional form
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:2048 -out "$tmp/dsa.params"
openssl genpkey -paramfile "$tmp/dsa.params" -out "$tmp/dsa.key"
openssl dsa -in "$tmp/dsa.key" -out dsa-traditional.key
