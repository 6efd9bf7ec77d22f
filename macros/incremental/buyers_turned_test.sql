{% macro buyers_turned_test() -%}
    {#- The buyer ids of test accounts whose account rows landed since the calling model's
        cutoff (landed_since), queried now: a list of constants. A buyer turned test
        account in an earlier run has nothing left to move. Only on an incremental run. -#}
    {%- if not execute -%}
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
                where {{ landed_since('landed.landed_date') }}
            )
        order by 1
    {%- endset -%}
    {{ return(run_query(query).columns[0].values() | list) }}
{%- endmacro %}
