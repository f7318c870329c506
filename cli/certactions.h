#pragma once

#include "cli/command.h"

namespace ingress::cli::cert {

// The `cert` subcommands; `args` excludes "cert" and the subcommand name.
int show(const QStringList &args, Io io);
int newCa(const QStringList &args, Io io);
int issue(const QStringList &args, Io io);
int selfSigned(const QStringList &args, Io io);
int import(const QStringList &args, Io io);
int exportCa(const QStringList &args, Io io);

// A key passphrase: from --passphrase-file, else $INGRESS_KEY_PASSPHRASE, else asked on the
// terminal (echo off) when stdin is one. Empty when there is none to be had.
QByteArray passphrase(const QString &passphraseFile, const QString &prompt, Io io, bool *ok);

} // namespace ingress::cli::cert
