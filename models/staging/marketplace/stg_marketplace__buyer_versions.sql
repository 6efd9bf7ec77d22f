with

base as (
    select * from {{ ref('base_marketplace__buyers') }}
),

clean as (
    select
        buyer_id,
        created_at,
        updated_at,
        deleted_at,
        is_erased,
        email_hash,
        gender,
        birth_date,
        country_code,
        city,
        account_type,
        acquisition_channel,
        has_marketing_consent,
        is_newsletter_subscriber,
        is_latest_version
    from base
    where rejection_reason is null
)

select * from clean
