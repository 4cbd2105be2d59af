#!/usr/bin/env python3
"""Checks QualKit's credentials with an independent Open Badges 3.0 verifier, offline.

    verify-credentials.py KEY.pub.jwk credentials.jsonl

For each line of `qualkit credentials` (or a file holding one token), openbadgeslib 4.x (PyPI; LGPLv3)
verifies the VC-JWT: the EdDSA signature with the public key, the registered claims (iss, jti, sub, nbf)
against the credential, the @context, the types and the validity window. Then each credential's members
are checked against what the Open Badges 3.0 data model requires (the REQUIRED table below, from the
spec's common_credentials.lines: every property of cardinality 1 or 1..*, by name).

Then every credential is changed by one byte (in the payload, in the signature) and checked with another
Ed25519 key: each of these must be rejected.

Prints a JSON summary; exits 0 when every credential verified and every altered one was rejected.
"""
import base64
import json
import sys

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from openbadgeslib.ob3 import OB3Verifier, OB3VerificationError

# Open Badges 3.0 (common_credentials.lines): the members each class requires (cardinality 1 or 1..*).
REQUIRED = {
    "AchievementCredential": ["@context", "id", "type", "issuer", "validFrom", "credentialSubject"],
    "Profile": ["id", "type"],
    "AchievementSubject": ["type", "achievement"],
    "Achievement": ["id", "type", "criteria", "description", "name"],
    "IdentityObject": ["type", "hashed", "identityHash", "identityType"],
    "IdentifierEntry": ["type", "identifier", "identifierType"],
    "ResultDescription": ["id", "type", "name", "resultType"],
    "Result": ["type"],
    "Evidence": ["type"],
}


def pem_of(jwk):
    raw = base64.urlsafe_b64decode(jwk["x"] + "=" * (-len(jwk["x"]) % 4))
    return Ed25519PublicKey.from_public_bytes(raw).public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def missing(cls, obj, where):
    if not isinstance(obj, dict):
        return ["%s is not an object (%s)" % (where, cls)]
    return ["%s.%s (required by %s)" % (where, name, cls) for name in REQUIRED[cls] if name not in obj]


def structure(vc):
    problems = missing("AchievementCredential", vc, "credential")
    problems += missing("Profile", vc.get("issuer"), "issuer")
    subject = vc.get("credentialSubject", {})
    problems += missing("AchievementSubject", subject, "credentialSubject")
    if "id" not in subject and not subject.get("identifier"):
        problems.append("credentialSubject has neither id nor identifier")
    achievement = subject.get("achievement", {})
    problems += missing("Achievement", achievement, "achievement")
    if "narrative" not in achievement.get("criteria", {}) and "id" not in achievement.get("criteria", {}):
        problems.append("achievement.criteria has neither id nor narrative")
    if "creator" in achievement:
        problems += missing("Profile", achievement["creator"], "achievement.creator")
    for i, entry in enumerate(achievement.get("otherIdentifier", [])):
        problems += missing("IdentifierEntry", entry, "achievement.otherIdentifier[%d]" % i)
    described = set()
    for i, rd in enumerate(achievement.get("resultDescription", [])):
        problems += missing("ResultDescription", rd, "achievement.resultDescription[%d]" % i)
        described.add(rd.get("id"))
    for i, identity in enumerate(subject.get("identifier", [])):
        problems += missing("IdentityObject", identity, "credentialSubject.identifier[%d]" % i)
    for i, result in enumerate(subject.get("result", [])):
        problems += missing("Result", result, "credentialSubject.result[%d]" % i)
        if result.get("resultDescription") not in described:
            problems.append("credentialSubject.result[%d] names no resultDescription of the achievement" % i)
    for i, evidence in enumerate(vc.get("evidence", [])):
        problems += missing("Evidence", evidence, "evidence[%d]" % i)
    return problems


def flip(token, part):
    pieces = token.split(".")
    text = pieces[part]
    i = len(text) // 2
    pieces[part] = text[:i] + ("A" if text[i] != "A" else "B") + text[i + 1:]
    return ".".join(pieces)


def main():
    jwk = json.load(open(sys.argv[1]))
    verifier = OB3Verifier(pem_of(jwk))
    other = OB3Verifier(Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    tokens = []
    for line in open(sys.argv[2], encoding="utf-8"):
        line = line.strip()
        if line:
            tokens.append(json.loads(line)["credential"] if line.startswith("{") else line)
    summary = {"verified": 0, "rejected": 0, "failures": []}
    for n, token in enumerate(tokens, 1):
        try:
            credential = verifier.verify(token)
            payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=" * (-len(token.split(".")[1]) % 4)))
            problems = structure(payload)
            if problems:
                summary["failures"].append("credential %d: %s" % (n, "; ".join(problems)))
            else:
                summary["verified"] += 1
            if credential.achievement.name != payload["credentialSubject"]["achievement"]["name"]:
                summary["failures"].append("credential %d: openbadgeslib read another achievement" % n)
        except OB3VerificationError as error:
            summary["failures"].append("credential %d rejected: %s" % (n, error))
        changes = [("payload byte", flip(token, 1), verifier), ("signature byte", flip(token, 2), verifier),
                   ("another key", token, other)]
        for what, altered, check in changes:
            try:
                check.verify(altered)
                summary["failures"].append("credential %d with a changed %s was accepted" % (n, what))
            except OB3VerificationError:
                summary["rejected"] += 1
    print(json.dumps(summary))
    return 0 if not summary["failures"] and summary["verified"] == len(tokens) and tokens else 1


if __name__ == "__main__":
    sys.exit(main())
