#!/usr/bin/env bash
# Certificates for mutual TLS between the cluster's members (Orleans:Tls:*), with openssl:
#   scripts/cluster-certificates.sh DIR [MEMBER...]      # default members: silo gateway
# makes DIR/ca.crt and DIR/ca.key (a CA that signs nothing else; kept when it exists already, so a later run issues
# new member certificates under the same CA) and, per member, DIR/MEMBER.crt and DIR/MEMBER.key: EC P-256, usable as
# TLS server and client, signed by the CA. CA_DAYS (3650) and MEMBER_DAYS (365) set the lifetimes.
# Keep ca.key offline: whoever holds it can make certificates every member accepts.
set -euo pipefail

dir=${1:?usage: $0 DIR [MEMBER...]}
shift
if [ $# -gt 0 ]; then members=("$@"); else members=(silo gateway); fi
mkdir -p "$dir"
umask 077

if [ ! -f "$dir/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days "${CA_DAYS:-3650}" \
    -subj "/CN=wechat-platform cluster CA" -keyout "$dir/ca.key" -out "$dir/ca.crt" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
fi

extensions="$dir/member.ext"
printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
  "extendedKeyUsage=serverAuth,clientAuth" "subjectKeyIdentifier=hash" "authorityKeyIdentifier=keyid" > "$extensions"
for member in "${members[@]}"; do
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=wechat-platform-$member" \
    -keyout "$dir/$member.key" -out "$dir/$member.csr" 2>/dev/null
  openssl x509 -req -in "$dir/$member.csr" -CA "$dir/ca.crt" -CAkey "$dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days "${MEMBER_DAYS:-365}" -extfile "$extensions" -out "$dir/$member.crt" 2>/dev/null
  rm "$dir/$member.csr"
done
rm "$extensions"
chmod 644 "$dir"/*.crt
echo "CA $dir/ca.crt; members: ${members[*]} ($dir/<member>.crt, .key)"
