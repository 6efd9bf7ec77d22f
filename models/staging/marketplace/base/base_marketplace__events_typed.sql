{#- The raw events typed once, every column, each row alone, before any rule that needs
    other rows (duplicates, bot days, test accounts: base_marketplace__events): read by
    base_marketplace__events (macro typed_events, which the duplicates model also uses for
    its few rows; the bot rule's counts read their three raw columns themselves). Every row
    version is kept (landed_rows_store): a view on DuckDB; on Spark a table grown by landing
    day, so that a daily run types only the partitions landed since its cutoff. -#}
{{ config(**landed_rows_store()) }}

with

source as (
    select * from {{ source('marketplace', 'events') }}
    where {{ landed_since('landed_date') }}
),

typed as (
    {{ typed_events('source') | indent(4) }}
)

select * from typed
