#!/usr/bin/env bash
# Shell completion for ingress-studio-cli, as packaged, against the program just built: bash
# through bash-completion's own functions, zsh with its completion builtins stood in for (they
# only work inside a line editor) so that what the script offers can be read.
. "$(dirname "$0")/lib.sh"
require_tools bash zsh dpkg-deb
[ -f /usr/share/bash-completion/bash_completion ] || require_tools bash-completion-is-installed
unpack_deb
cli=${INGRESS_BIN_DIR:?}/ingress-studio-cli
bash_script=$work/deb/usr/share/bash-completion/completions/ingress-studio-cli
zsh_script=$work/deb/usr/share/zsh/vendor-completions/_ingress-studio-cli

# complete_bash WORD... : what bash offers for the last WORD (the one being typed).
complete_bash() {
    bash --norc --noprofile -c '
        . /usr/share/bash-completion/bash_completion
        . "$1"; shift
        COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE="${COMP_WORDS[*]}"; COMP_POINT=${#COMP_LINE}
        _ingress_studio_cli
        printf "%s\n" "${COMPREPLY[@]}"' complete-bash "$bash_script" "$cli" "$@"
}

# complete_zsh WORD... : the same in zsh.
complete_zsh() {
    zsh -f -c '
        script=$1; shift
        _describe() { local -a items; items=("${(@P)argv[-1]}"); print -rl -- ${items%%:*}; }
        compadd() { [[ $1 == -a ]] && print -rl -- "${(@P)2}"; }
        _files() { print -rl -- ${PREFIX}*(N); }
        words=("$@"); CURRENT=$#words; PREFIX=${words[-1]}
        source $script' complete-zsh "$zsh_script" "$cli" "$@"
}

mkdir -p "$work/project"
touch "$work/project/shop.yaml"

# shell | words typed (the last is being completed) | what must be offered
cases=(
    "|validate serve import cert export explain"
    "cert |show new-ca issue self-signed import export-ca"
    "export --f|--format"
    "export --format |kubernetes gateway-api nginx haproxy caddy traefik"
    "cert issue --k|--key-type"
    "serve --|--workers --admin --access-log --drain-timeout --help"
    "validate $work/project/sh|$work/project/shop.yaml"
)
for shell in bash zsh; do
    before=$failures
    for case in "${cases[@]}"; do
        typed=${case%%|*} want=${case#*|}
        read -r -a words <<<"$typed"
        [[ $typed == *" " || -z $typed ]] && words+=("")
        offered=$(complete_$shell "${words[@]}" 2>&1) || true
        for word in $want; do
            grep -qxF -- "$word" <<<"$offered" ||
                fail "$shell: '$typed<TAB>' does not offer '$word'; offers: $(echo $offered)"
        done
    done
    ((failures > before)) ||
        pass "$shell completes commands, cert subcommands, options, export targets and files"
done
finish
