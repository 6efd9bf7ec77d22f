{#- What a reader of the serving file needs from the rejected rows: how many of each raw
    table were rejected, and why. -#}
with

rejected as (
    select * from {{ ref('rejected_rows') }}
),

counted as (
    select
        source_table,
        reason,
        coalesce(reason_column, '') as reason_column,
        cast(sum(rows_count) as {{ dbt.type_bigint() }}) as rows_count
    from rejected
    group by 1, 2, 3
)

select * from counted
