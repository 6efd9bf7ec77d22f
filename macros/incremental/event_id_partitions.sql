{% macro event_id_partitions(ids) -%}
    {#- The condition on raw.events' `landed_date` that keeps the partitions holding a row of
        the ids selected by `ids` (SQL) that is not that id's only row: queried now (one scan
        of the raw id column) and written as constants, so that DuckDB reads only those
        partitions' files. `false` when there is none; plain files' rows (no landing day)
        come as `landed_date is null`. -#}
    {#- every partition (always right) unless models are built: dbt compile, docs and
        sqlfluff's templater do not scan the raw ids -#}
    {%- if not execute or flags.WHICH not in ('run', 'build', 'retry') -%}
        {{ return('true') }}
    {%- endif -%}
    {%- set query -%}
        with candidates as (
            select
                {{ raw_value('events', 'event_id', 'events') }} as event_id,
                events.landed_date
            from {{ source('marketplace', 'events') }} as events
            where {{ raw_value('events', 'event_id', 'events') }} in ({{ ids }})
        )
        select distinct candidates.landed_date
        from candidates
        where candidates.event_id in (
            select counted.event_id from candidates as counted group by 1 having count(*) > 1
        )
    {%- endset -%}
    {%- set days = run_query(query).columns[0].values() -%}
    {%- set conditions = [] -%}
    {%- if none in days -%}
        {%- do conditions.append('landed_date is null') -%}
    {%- endif -%}
    {%- set dated = days | reject('none') | map('string') | sort -%}
    {%- if dated -%}
        {%- set literals = [] -%}
        {%- for day in dated -%}
            {%- do literals.append("cast('" ~ day ~ "' as date)") -%}
        {%- endfor -%}
        {%- do conditions.append('landed_date in (' ~ literals | join(', ') ~ ')') -%}
    {%- endif -%}
    {{ return('(' ~ (conditions | join(' or ') or 'false') ~ ')') }}
{%- endmacro %}
