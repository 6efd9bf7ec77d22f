{% macro touched_days() -%}
    {#- The relation of base_marketplace__event_touched_days for an incremental run of one of
        the four models that read it, after checking that it was computed in this run for
        this run (see _incremental__macros.yml): the list is the consumers' state before
        the run, so one built by another invocation could miss the days of rows landed
        since, and delete+insert would then drop the older rows of those days. -#}
    {%- set touched = ref('base_marketplace__event_touched_days') -%}
    {#- only when models are built (dbt compile, docs and sqlfluff's templater compile alone) -#}
    {%- if execute and is_incremental() and flags.WHICH in ('run', 'build') -%}
        {%- if flags.FULL_REFRESH -%}
            {{ exceptions.raise_compiler_error(
                this ~ " runs incrementally under --full-refresh (a full_refresh: false config?), "
                ~ "while base_marketplace__event_touched_days is then empty: remove that config, "
                ~ "the events path's incremental models are rebuilt together.") }}
        {%- endif -%}
        {%- if 'model.' ~ project_name ~ '.base_marketplace__event_touched_days' not in selected_resources -%}
            {{ exceptions.raise_compiler_error(
                this ~ " is incremental and reads the actor-days to rebuild from "
                ~ "base_marketplace__event_touched_days, which this invocation does not build: "
                ~ "select it too (e.g. --select +" ~ this.identifier ~ ", or --selector daily), "
                ~ "or run with --full-refresh.") }}
        {%- endif -%}
    {%- endif -%}
    {{ return(touched) }}
{%- endmacro %}
