with

versions as (
    select * from {{ ref('stg_marketplace__seller_versions') }}
),

latest as (
    select *
    from versions
    where is_latest_version
)

-- the columns of the versions model
select * from latest  -- noqa: AM04
