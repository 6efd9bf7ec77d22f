with

base as (
    select * from {{ ref('base_marketplace__sellers') }}
),

clean as (
    select
        seller_id,
        created_at,
        updated_at,
        business_name,
        main_category,
        company_size,
        country_code,
        city,
        plan,
        is_latest_version
    from base
    where rejection_reason is null
)

select * from clean
