# bash completion for cqc-index and cqc-search. `cmake --install` puts this
# file in share/bash-completion/completions under both programs' names.
#
# The options are read from the program's own --help (boost's layout:
# "  -d [ --db ] arg   ..."), so they never fall behind it; only what an
# option's value is (a directory, a colour, a sort key) is written here.

# PROGRAM: one line per option: its short form or "-", its long form, and
# "arg" when it takes a value ("-d --db arg", "- --json").
_cqc_options() {
    "$1" --help 2>/dev/null |
        sed -n -E 's/^  (-([[:alnum:]]) \[ )?(--[[:alnum:]-]+)( \])?( arg)?([[:space:]].*)?$/-\2 \3\5/p'
}

# PROGRAM: the keys --sort takes, from its help text ("relevance (default),
# score, -score, ...; ..."), which may wrap over several lines.
_cqc_sort_keys() {
    "$1" --help 2>/dev/null | awk '
        /^  (-[[:alnum:]] \[ )?--/ { in_sort = ($0 ~ /^  --sort /) }
        in_sort { sub(/^  --sort arg/, ""); text = text " " $0 }
        END {
            sub(/;.*/, "", text); gsub(/\(default\)/, "", text)
            n = split(text, keys, ",")
            for (i = 1; i <= n; i++) { gsub(/[[:space:]]/, "", keys[i]); if (keys[i] != "") print keys[i] }
        }'
}

_cqc() {
    local program=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev=""
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--db=DIR": bash splits at "=".
    if [[ $cur == "=" ]]; then
        cur=""
    elif [[ $prev == "=" && COMP_CWORD -gt 1 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    fi
    COMPREPLY=()

    local short long value takes_value="" longs=()
    while read -r short long value; do
        longs+=("$long")
        [[ $short != - && $prev == "$short" ]] && prev=$long
        [[ $prev == "$long" && $value == arg ]] && takes_value=1
    done < <(_cqc_options "$program")

    if [[ -n $takes_value ]]; then
        case $prev in
        --db)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -d -- "$cur")
            ;;
        --color) mapfile -t COMPREPLY < <(compgen -W "auto always never" -- "$cur") ;;
        --sort) mapfile -t COMPREPLY < <(compgen -W "$(_cqc_sort_keys "$program")" -- "$cur") ;;
        esac
        return 0
    fi
    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "${longs[*]}" -- "$cur")
        return 0
    fi
    if [[ ${program##*/} == cqc-index ]]; then
        compopt -o filenames 2>/dev/null
        mapfile -t COMPREPLY < <(compgen -f -- "$cur")
    fi
    return 0
}
complete -F _cqc cqc-index cqc-search
