{% macro buyers_turned_test(relations) -%}
    {#- The buyer ids of test accounts whose account rows landed since the cutoff of
        `relations` (landed_since), queried now: a list of constants. A buyer turned test
        account in an earlier run has nothing left to move. Only for a command that builds
        models: dbt compile, docs and sqlfluff's templater get an empty list. -#}
    {%- if not execute or flags.WHICH not in ('run', 'build', 'retry') -%}
        {{ return([]) }}
    {%- endif -%}
    {%- set query -%}
        select distinct known.buyer_id
        from {{ ref('base_marketplace__buyers') }} as known
        where
            known.rejection_reason = 'test_account'
            and known.buyer_id in (
                select {{ raw_value('buyers', 'buyer_id', relation='landed') }}
                from {{ source('marketplace', 'buyers') }} as landed
                where {{ landed_since('landed.landed_date', relations) }}
            )
        order by 1
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}
