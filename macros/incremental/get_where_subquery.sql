{% macro get_where_subquery(relation) -%}
    {#- dbt's own macro (a data test's `where` config), overridden for one placeholder:
        `where: __rebuilt_actor_days__` limits a test of an events model grown by actor and
        day to the actor-days the last run rebuilt (base_marketplace__event_touched_days),
        or to every row when that list is empty (a full build, a --full-refresh, or a run
        with nothing landed). Any other `where` works as in dbt. -#}
    {%- set where = config.get('where', '') -%}
    {%- if not where -%}
        {{ return(relation) }}
    {%- endif -%}
    {%- if '__rebuilt_actor_days__' in where -%}
        {#- through the graph, not ref(): a ref() in a test's `where` is not seen at parse
            time; the tested model depends on the list, so it is built before the test -#}
        {%- set touched = built_relations(['base_marketplace__event_touched_days']) -%}
        {%- if touched | length == 0 -%}
            {#- not built (dbt compile before any build): every row -#}
            {%- set rebuilt = 'true' -%}
        {%- else -%}
            {%- set rebuilt -%}
                (
                    not exists (select 1 from {{ touched[0] }})
                    or exists (
                        select 1
                        from {{ touched[0] }} as touched
                        where
                            touched.actor_id = tested.actor_id
                            and touched.activity_date = tested.activity_date
                    )
                )
            {%- endset -%}
        {%- endif -%}
        {%- set where = where | replace('__rebuilt_actor_days__', rebuilt) -%}
    {%- endif -%}
    {{ return('(select * from ' ~ relation ~ ' as tested where ' ~ where ~ ') as dbt_subquery') }}
{%- endmacro %}
