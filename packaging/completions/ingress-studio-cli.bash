# bash completion for ingress-studio-cli                             -*- shell-script -*-
#
# Commands, cert subcommands and options are read from the installed program's own --help, so
# that completion always matches the version installed (no list to keep in step by hand).

# Prints the names listed under "Commands:" or "Subcommands:" in a usage text on stdin.
__ingress_studio_cli_names() {
    awk '/ommands:$/ { listing = 1; next }
         listing && /^  [a-z]/ { print $1; next }
         listing && !/^  / { listing = 0 }'
}

# Prints the long and short options of a help text on stdin (Qt's "  -o, --output <PATH>").
__ingress_studio_cli_options() {
    grep -oE '^ +(-[A-Za-z], )?--[a-z][a-z0-9-]*' | tr -d ' ' | tr ',' '\n'
}

_ingress_studio_cli() {
    local cur prev words cword
    _init_completion -n = || return

    local program=${words[0]}
    local -a path=()
    local i word
    # The command (and, for cert, the subcommand) are the first words that are not options.
    for ((i = 1; i < cword; i++)); do
        word=${words[i]}
        [[ $word == -* ]] && continue
        if ((${#path[@]} == 0)) || [[ ${path[0]} == cert && ${#path[@]} == 1 ]]; then
            path+=("$word")
        fi
    done

    if ((${#path[@]} == 0)); then
        COMPREPLY=($(compgen -W "$("$program" --help 2>/dev/null | __ingress_studio_cli_names)
                                  --help --version" -- "$cur"))
        return
    fi
    if [[ ${path[0]} == cert && ${#path[@]} == 1 ]]; then
        COMPREPLY=($(compgen -W "$("$program" cert --help 2>/dev/null | __ingress_studio_cli_names)
                                  --help" -- "$cur"))
        return
    fi

    # Option values that name files or folders; the rest are words the user types.
    case $prev in
    -o | --output | --access-log | --ca | --ca-file | --key | --key-file | --passphrase-file)
        _filedir
        return
        ;;
    -f | --format)
        local targets
        # "Target: a|b|c." in export's help, wrapped to the terminal's width.
        targets=$("$program" export --help 2>/dev/null | tr -s ' \n' ' ' |
            grep -oE 'Target: [a-z|-]+' | sed 's/Target: //; s/|/ /g')
        COMPREPLY=($(compgen -W "$targets" -- "$cur"))
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$("$program" "${path[@]}" --help 2>/dev/null |
            __ingress_studio_cli_options)" -- "$cur"))
        return
    fi
    # Positional arguments are project files, manifests, certificates or URLs: files it is.
    _filedir
} &&
    complete -F _ingress_studio_cli ingress-studio-cli

# ex: filetype=sh
