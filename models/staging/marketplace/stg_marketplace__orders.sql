with

versions as (
    select * from {{ ref('stg_marketplace__order_versions') }}
),

latest as (
    select *
    from versions
    where is_latest_version
)

-- AM04: the columns are the versions model's, which sqlfluff cannot count through its select *
select * from latest  -- noqa: AM04
