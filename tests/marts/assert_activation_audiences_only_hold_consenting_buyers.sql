{#- No buyer may appear in activation_audiences without marketing consent, with an
    erasure request, or without a staged account (a buyer known only from orders or
    events never gave consent). Checked against the buyer versions in force on the reference date. -#}
with

audiences as (
    select distinct buyer_id
    from {{ ref('activation_audiences') }}
),

accounts as (
    select * from {{ ref('int_buyers_in_force') }}
),

validation_errors as (
    select
        audiences.buyer_id,
        accounts.has_marketing_consent,
        accounts.is_erased
    from audiences
    left join accounts
        on audiences.buyer_id = accounts.buyer_id
    where
        accounts.buyer_id is null
        or not coalesce(accounts.has_marketing_consent, false)
        or accounts.is_erased
)

select * from validation_errors
